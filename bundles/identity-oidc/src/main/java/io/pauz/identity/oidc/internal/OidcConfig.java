package io.pauz.identity.oidc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Factory PID {@code io.pauz.identity.oidc}: one configuration per identity provider. */
@ObjectClassDefinition(name = "PAUZ OpenID Connect provider")
@interface OidcConfig {
    @AttributeDefinition(description = "Provider id used in URLs: /api/v1/auth/<id>/login")
    String id() default "google";

    @AttributeDefinition(description = "Issuer URL; its /.well-known/openid-configuration is read")
    String issuer() default "https://accounts.google.com";

    String client_id();

    @AttributeDefinition(type = AttributeType.PASSWORD)
    String client_secret() default "";

    String scopes() default "openid email profile";

    int clock_skew_seconds() default 60;

    int http_timeout_ms() default 5000;
}
