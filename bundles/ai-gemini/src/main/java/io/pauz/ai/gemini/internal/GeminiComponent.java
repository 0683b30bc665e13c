package io.pauz.ai.gemini.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.ai.AiEngine;

/**
 * Offers the engine while {@code io.pauz.ai.gemini} is configured. It registers the service itself: DS
 * would copy every configuration property, api.key included, onto a service it registers.
 * Configuration changes apply in place (same service, new settings and properties).
 */
@Component(configurationPid = GeminiConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
@Designate(ocd = GeminiConfig.class)
public class GeminiComponent {
    private static final Logger LOG = LoggerFactory.getLogger(GeminiComponent.class);

    private final BundleContext context;
    private GeminiEngine engine;
    private ServiceRegistration<AiEngine> registration;

    @Activate
    public GeminiComponent(BundleContext context, GeminiConfig config) {
        this.context = context;
        modified(config);
    }

    @Modified
    synchronized void modified(GeminiConfig config) {
        Settings settings;
        try {
            settings = Settings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.warn("AI engine '{}' not offered: {}", GeminiEngine.ID, e.getMessage());
            deactivate();
            return;
        }
        if (registration == null) {
            engine = new GeminiEngine(settings);
            registration = context.registerService(AiEngine.class, engine, settings.serviceProperties());
        } else {
            engine.configure(settings);
            registration.setProperties(settings.serviceProperties());
        }
        LOG.info("AI engine '{}' offered: {}", GeminiEngine.ID, settings);
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // bundle stopping
            }
            registration = null;
            engine = null;
        }
    }
}
