package io.pauz.speech.sphinx4.internal;

import java.nio.file.Path;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.speech.SpeechEngine;
import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;

/**
 * PAUZ's default offline speech to text: CMU Sphinx4 with its US English model, all inside this bundle. A new
 * configuration re-activates the component, so recognizers are rebuilt with the new settings.
 */
@Component(service = SpeechEngine.class, configurationPid = "io.pauz.speech.sphinx4",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = SpeechEngine.ID_PROPERTY + "=" + Sphinx4Transcriber.ENGINE)
@Designate(ocd = Sphinx4Config.class)
public class Sphinx4SpeechEngine implements SpeechEngine {
    private static final Logger LOG = LoggerFactory.getLogger(Sphinx4SpeechEngine.class);
    private static final Set<String> MEDIA_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave");

    private final Sphinx4Transcriber transcriber;

    @Activate
    public Sphinx4SpeechEngine(Sphinx4Config config) {
        this.transcriber = new Sphinx4Transcriber(Settings.of(config));
        if (config.preload()) {
            Thread loader = new Thread(() -> {
                try {
                    transcriber.warmUp();
                } catch (SpeechException e) {
                    // Not fatal: the first transcription tries again and reports the failure to its job.
                    LOG.error("Preloading the Sphinx4 model failed", e);
                }
            }, "pauz-sphinx4-preload");
            loader.setDaemon(true);
            loader.start();
        }
    }

    Sphinx4Transcriber transcriber() {
        return transcriber;
    }

    @Deactivate
    void deactivate() {
        transcriber.close();
    }

    @Override
    public String id() {
        return Sphinx4Transcriber.ENGINE;
    }

    @Override
    public Set<String> mediaTypes() {
        return MEDIA_TYPES;
    }

    /**
     * English only: a language hint is not an order, so another hint is logged and the audio is still decoded
     * with the English model.
     */
    @Override
    public Transcript transcribe(Path audio, String mediaType, String language) throws SpeechException {
        if (language != null && !language.isBlank() && !language.toLowerCase(java.util.Locale.ROOT).startsWith("en")) {
            LOG.debug("Language hint {} ignored: the sphinx4 engine only has an English model", language);
        }
        return transcriber.transcribe(audio);
    }
}
