package io.pauz.identity.oidc.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.identity.IdentityException;
import io.pauz.api.identity.IdentityProvider;
import io.pauz.api.identity.RedirectLogin;
import io.pauz.api.identity.VerifiedIdentity;

/**
 * One OpenID Connect identity provider per factory configuration ({@code io.pauz.identity.oidc-google.cfg},
 * {@code -keycloak.cfg}, ...). Nothing is offered until a client id is configured.
 */
@Component(service = { IdentityProvider.class, RedirectLogin.class, HealthIndicator.class },
        configurationPid = "io.pauz.identity.oidc", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OidcConfig.class, factory = true)
public class OidcProvider implements RedirectLogin, HealthIndicator {
    private final OidcClient client;

    @Activate
    public OidcProvider(OidcConfig config) {
        if (config.client_id() == null || config.client_id().isBlank()) {
            throw new IllegalArgumentException("io.pauz.identity.oidc " + config.id() + ": client.id is required");
        }
        this.client = new OidcClient(new OidcClient.Settings(config.id(), config.issuer(), config.client_id(),
                config.client_secret(), config.scopes(), Duration.ofSeconds(config.clock_skew_seconds()),
                Duration.ofMillis(config.http_timeout_ms())));
    }

    @Override
    public String id() {
        return client.id();
    }

    @Override
    public VerifiedIdentity verifyToken(String token, String nonce) throws IdentityException {
        return client.verify(token, nonce);
    }

    @Override
    public LoginStart start(URI redirectUri) throws IdentityException {
        return client.start(redirectUri);
    }

    @Override
    public VerifiedIdentity complete(LoginStart start, String code) throws IdentityException {
        return client.complete(start, code);
    }

    @Override
    public String name() {
        return "identity-" + client.id();
    }

    /** Reports the last known state without calling the issuer. */
    @Override
    public HealthStatus check() {
        if (client.discovered()) {
            return HealthStatus.up("issuer discovered");
        }
        String error = client.lastError();
        return error == null ? new HealthStatus(HealthStatus.State.UP, "not used yet", Map.of())
                : new HealthStatus(HealthStatus.State.DEGRADED, error, Map.of());
    }
}
