package io.pauz.api.rest;

/**
 * 429 {@code rate_limited}: the caller asked too often. The REST infrastructure adds {@code Retry-After} with
 * {@link #retryAfterSeconds()}.
 */
public class RateLimitedException extends ApiException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public RateLimitedException(String message, long retryAfterSeconds) {
        super(429, ErrorCodes.RATE_LIMITED, message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** How long the client should wait before asking again, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
