package io.pauz.api.ai;

/** The engine failed: {@link #timeout()} for slow engines, {@link #retryable()} for transient errors. */
public class AiEngineException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean timeout;
    private final boolean retryable;

    public AiEngineException(String message, Throwable cause, boolean timeout, boolean retryable) {
        super(message, cause);
        this.timeout = timeout;
        this.retryable = retryable;
    }

    public boolean timeout() {
        return timeout;
    }

    public boolean retryable() {
        return retryable;
    }
}
