package io.pauz.ai.openai.internal;

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
 * Offers the engine while {@code io.pauz.ai.openai} is configured. It registers the service itself: DS
 * would copy every configuration property, api.key included, onto a service it registers.
 * Configuration changes apply in place (same service, new settings and properties).
 */
@Component(configurationPid = OpenAiConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
@Designate(ocd = OpenAiConfig.class)
public class OpenAiComponent {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiComponent.class);

    private final BundleContext context;
    private OpenAiEngine engine;
    private ServiceRegistration<AiEngine> registration;

    @Activate
    public OpenAiComponent(BundleContext context, OpenAiConfig config) {
        this.context = context;
        modified(config);
    }

    @Modified
    synchronized void modified(OpenAiConfig config) {
        Settings settings;
        try {
            settings = Settings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.warn("AI engine '{}' not offered: {}", OpenAiEngine.ID, e.getMessage());
            deactivate();
            return;
        }
        if (registration == null) {
            engine = new OpenAiEngine(settings);
            registration = context.registerService(AiEngine.class, engine, settings.serviceProperties());
        } else {
            engine.configure(settings);
            registration.setProperties(settings.serviceProperties());
        }
        LOG.info("AI engine '{}' offered: {}", OpenAiEngine.ID, settings);
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
