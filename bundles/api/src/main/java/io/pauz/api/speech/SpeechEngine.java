package io.pauz.api.speech;

import java.nio.file.Path;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Speech to text. Service property {@value #ID_PROPERTY} names the engine ({@code offline},
 * {@code elevenlabs}, ...). Engines receive a file they may read but must not move or delete.
 */
@ConsumerType
public interface SpeechEngine {
    String ID_PROPERTY = "pauz.speech.engine";

    String id();

    /** Media types this engine reads, e.g. {@code audio/wav}. The platform converts WAV to 16 kHz mono PCM first. */
    Set<String> mediaTypes();

    /**
     * @param audio    the recording
     * @param language BCP 47 language hint, or {@code null}
     * @throws SpeechException when transcription fails; the job is then marked failed and can be retried
     */
    Transcript transcribe(Path audio, String mediaType, String language) throws SpeechException;
}
