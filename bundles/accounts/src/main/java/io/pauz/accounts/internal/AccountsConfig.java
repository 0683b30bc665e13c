package io.pauz.accounts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.pauz.accounts}. */
@ObjectClassDefinition(name = "PAUZ accounts")
@interface AccountsConfig {
    @AttributeDefinition(description = "Session lifetime in hours")
    long session_hours() default 24 * 30;

    @AttributeDefinition(description = "Allow registering local accounts (email + password)")
    boolean local_registration() default true;

    @AttributeDefinition(description = "PBKDF2 iterations for new password hashes")
    int password_iterations() default 600_000;

    @AttributeDefinition(description = "Failed sign-ins allowed per email within the window")
    int login_max_failures() default 5;

    @AttributeDefinition(description = "Failed sign-ins allowed per client address within the window (many people may share one)")
    int login_max_client_failures() default 50;

    @AttributeDefinition(description = "Window of the failed sign-in limit, in seconds")
    long login_window_seconds() default 900;

    @AttributeDefinition(description = "Largest profile picture upload in bytes")
    int picture_max_bytes() default 5 * 1024 * 1024;

    @AttributeDefinition(description = "Import the identity provider's picture on first sign-in")
    boolean import_provider_picture() default true;
}
