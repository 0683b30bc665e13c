package io.pauz.api.speech;

/** Transcription failed; the recording stays safe and the job can be retried. */
public class SpeechException extends Exception {
    private static final long serialVersionUID = 1L;

    public SpeechException(String message, Throwable cause) {
        super(message, cause);
    }
}
