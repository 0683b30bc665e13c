package io.pauz.ai.internal;

import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.ErrorCodes;

/** 429 with the seconds the client should wait; the resource turns it into a response with {@code Retry-After}. */
final class RateLimitedException extends ApiException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    RateLimitedException(long retryAfterSeconds) {
        super(429, ErrorCodes.RATE_LIMITED, "too many AI requests; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
