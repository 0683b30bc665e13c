package io.pauz.api.bucket;

/** A bucket operation failed; {@link #reason()} says why, so callers can map it to an HTTP status. */
public class BucketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The key breaks the rules of {@link ObjectKeys}. */
        INVALID_KEY,
        /** Storing would exceed the bucket's quota or the disk is full. */
        NO_SPACE,
        /** The backend cannot be reached or failed. */
        UNAVAILABLE,
        /**
         * This provider has stopped (it is being updated or replaced) and did nothing, not even read the data given:
         * the same call can be made on the provider that replaces it. Since 1.2.
         */
        CLOSED
    }

    private final Reason reason;

    public BucketException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public BucketException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
