package io.pauz.speech.elevenlabs.internal;

import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.speech.SpeechEngine;
import io.pauz.engine.http.PrivateRegistration;

/**
 * Offers the {@code elevenlabs} {@link SpeechEngine} while configuration {@value ElevenLabsConfig#PID} exists
 * and has an api.key. The service is registered by hand: DS would copy every configuration property, the key
 * included, onto a service it registers, and service properties are visible to every bundle and to shells.
 */
@Component(configurationPid = ElevenLabsConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = ElevenLabsConfig.class)
public class ElevenLabsComponent {
    private static final Logger LOG = LoggerFactory.getLogger(ElevenLabsComponent.class);

    private final PrivateRegistration<SpeechEngine> registration;

    @Activate
    public ElevenLabsComponent(BundleContext context, ElevenLabsConfig config) {
        this.registration = new PrivateRegistration<>(context, SpeechEngine.class);
        modified(config);
    }

    @Modified
    void modified(ElevenLabsConfig config) {
        Settings settings;
        try {
            settings = Settings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.warn("ElevenLabs speech engine not offered: {} (configuration {})", e.getMessage(), ElevenLabsConfig.PID);
            registration.withdraw();
            return;
        }
        ElevenLabsClient client = new ElevenLabsClient(settings);
        boolean added = registration.offer(() -> new ElevenLabsEngine(client), engine -> ((ElevenLabsEngine) engine).use(client),
                serviceProperties(settings));
        LOG.info("ElevenLabs speech engine {}: {}", added ? "offered" : "reconfigured", settings);
    }

    @Deactivate
    void deactivate() {
        registration.withdraw();
    }

    /** Only what consumers may select on; never the key (nor the URL, which could carry credentials one day). */
    static Hashtable<String, Object> serviceProperties(Settings settings) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(SpeechEngine.ID_PROPERTY, ElevenLabsClient.ENGINE_ID);
        props.put("pauz.speech.model", settings.modelId());
        props.put(Constants.SERVICE_DESCRIPTION, "ElevenLabs Speech to Text (" + settings.modelId() + ")");
        props.put(Constants.SERVICE_VENDOR, "PAUZ");
        return props;
    }
}
