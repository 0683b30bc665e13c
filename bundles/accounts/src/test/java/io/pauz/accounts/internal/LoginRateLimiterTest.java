package io.pauz.accounts.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.Test;

public class LoginRateLimiterTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    public void blocksAfterTooManyFailuresUntilTheWindowPasses() {
        LoginRateLimiter limiter = new LoginRateLimiter(3, Duration.ofMinutes(5), clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.retryAfterSeconds("a@x"));
            limiter.failed("a@x");
            now = now.plusSeconds(10);
        }
        long wait = limiter.retryAfterSeconds("a@x");
        assertTrue("wait " + wait, wait > 200 && wait <= 300);
        assertEquals("other keys unaffected", 0, limiter.retryAfterSeconds("b@x"));
        now = now.plusSeconds(wait);
        assertEquals(0, limiter.retryAfterSeconds("a@x"));
    }

    @Test
    public void successClearsTheKey() {
        LoginRateLimiter limiter = new LoginRateLimiter(2, Duration.ofMinutes(5), clock);
        limiter.failed("a@x");
        limiter.succeeded("a@x");
        limiter.failed("a@x");
        assertEquals(0, limiter.retryAfterSeconds("a@x"));
    }
}
