package io.pauz.identity.oidc.internal;

import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.health.HealthIndicator;
import io.pauz.api.identity.IdentityProvider;
import io.pauz.api.identity.RedirectLogin;

/**
 * One component per configuration {@code io.pauz.identity.oidc} (singleton or factory, e.g.
 * {@code io.pauz.identity.oidc~google}). It registers the {@link OidcClient} itself, so that the service
 * property {@value IdentityProvider#ID_PROPERTY} carries the configured id and the client secret never
 * becomes a service property (DS would copy every configuration property onto its services).
 */
@Component(configurationPid = OidcConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
@Designate(ocd = OidcConfig.class, factory = true)
public class OidcComponent {
    private static final Logger LOG = LoggerFactory.getLogger(OidcComponent.class);

    private final ServiceRegistration<?> registration;

    @Activate
    public OidcComponent(BundleContext context, OidcConfig config) {
        OidcClient client;
        try {
            client = new OidcClient(config);
        } catch (IllegalArgumentException e) {
            // Without client.id (or with a bad issuer) nothing is offered; say why, once.
            LOG.warn("OpenID provider '{}' not offered: {}", config.id(), e.getMessage());
            registration = null;
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(IdentityProvider.ID_PROPERTY, client.id());
        props.put("pauz.identity.issuer", client.issuer());
        props.put(Constants.SERVICE_DESCRIPTION, "OpenID Connect sign-in via " + client.issuer());
        client.refresh(); // discovery in the background: health reports it, the first sign-in need not wait
        registration = context.registerService(new String[] { RedirectLogin.class.getName(),
                IdentityProvider.class.getName(), HealthIndicator.class.getName() }, client, props);
        LOG.info("OpenID provider '{}' offered ({})", client.id(), client.issuer());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // bundle stopping
            }
        }
    }
}
