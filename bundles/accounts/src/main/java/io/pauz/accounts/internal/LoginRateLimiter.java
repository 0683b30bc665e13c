package io.pauz.accounts.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding-window limit on failed sign-ins per key (the email and, separately, the client address):
 * after {@code maxFailures} failures within {@code window}, further attempts are refused until the
 * oldest failure leaves the window. A success clears the key.
 */
final class LoginRateLimiter {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    LoginRateLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds until the key may try again, or 0 when it may try now. */
    long retryAfterSeconds(String key) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times);
            if (times.size() < maxFailures) {
                return 0;
            }
            long waitMillis = times.peekFirst() + window.toMillis() - clock.millis();
            return Math.max(1, (waitMillis + 999) / 1000);
        }
    }

    void failed(String key) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.millis());
        }
        if (failures.size() > 100_000) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue());
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    void succeeded(String key) {
        failures.remove(key);
    }

    private void prune(Deque<Long> times) {
        long oldest = clock.millis() - window.toMillis();
        while (!times.isEmpty() && times.peekFirst() <= oldest) {
            times.pollFirst();
        }
    }
}
