package io.pauz.ai.openai.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.ai.AiEngine;
import io.pauz.engine.http.PrivateRegistration;

/**
 * Offers the engine while {@code OpenAiConfig.PID} is configured. The service is registered from code (see
 * {@link PrivateRegistration}) so that api.key never becomes a service property; configuration changes apply
 * in place.
 */
@Component(configurationPid = OpenAiConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
@Designate(ocd = OpenAiConfig.class)
public class OpenAiComponent {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiComponent.class);

    private final PrivateRegistration<AiEngine> registration;

    @Activate
    public OpenAiComponent(BundleContext context, OpenAiConfig config) {
        this.registration = new PrivateRegistration<>(context, AiEngine.class);
        modified(config);
    }

    @Modified
    void modified(OpenAiConfig config) {
        Settings settings;
        try {
            settings = Settings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.warn("AI engine '{}' not offered: {}", OpenAiEngine.ID, e.getMessage());
            registration.withdraw();
            return;
        }
        registration.offer(() -> new OpenAiEngine(settings), engine -> ((OpenAiEngine) engine).configure(settings),
                settings.serviceProperties());
        LOG.info("AI engine '{}' offered: {}", OpenAiEngine.ID, settings);
    }

    @Deactivate
    void deactivate() {
        registration.withdraw();
    }
}
