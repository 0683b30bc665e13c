package io.pauz.identity.oidc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One OpenID Connect issuer. Factory configurations {@code io.pauz.identity.oidc~<name>}. */
@ObjectClassDefinition(id = OidcConfig.PID, name = "PAUZ OpenID Connect provider",
        description = "Sign-in with Google or any OpenID Connect issuer")
public @interface OidcConfig {
    String PID = "io.pauz.identity.oidc";

    @AttributeDefinition(description = "Short id used in URLs: /api/v1/auth/<id>/...")
    String id() default "google";

    @AttributeDefinition(description = "Issuer; <issuer>/.well-known/openid-configuration is read")
    String issuer() default "https://accounts.google.com";

    @AttributeDefinition(name = "client.id", description = "OAuth client id registered with the issuer")
    String client_id() default "";

    @AttributeDefinition(name = "client.secret", type = AttributeType.PASSWORD)
    String client_secret() default "";

    @AttributeDefinition(description = "Space-separated scopes")
    String scopes() default "openid email profile";

    @AttributeDefinition(name = "clock.skew.seconds")
    int clock_skew_seconds() default 60;

    @AttributeDefinition(name = "http.timeout.ms")
    int http_timeout_ms() default 5000;
}
