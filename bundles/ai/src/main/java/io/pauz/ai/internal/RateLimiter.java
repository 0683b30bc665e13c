package io.pauz.ai.internal;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Engine calls per user in a sliding minute. Only calls that reach an engine take a slot; cache hits do not. */
final class RateLimiter {
    static final long WINDOW_MS = 60_000;
    private final Map<String, ArrayDeque<Long>> calls = new ConcurrentHashMap<>();
    private final IntSupplier limit;
    private final LongSupplier clock;
    private int sinceSweep;

    RateLimiter(IntSupplier limit, LongSupplier clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Takes a slot, or answers how many seconds until one frees up (the slot is not taken then). */
    long acquire(String userId) {
        int max = limit.getAsInt();
        if (max <= 0) {
            return 0;
        }
        long now = clock.getAsLong();
        sweep(now);
        ArrayDeque<Long> q = calls.computeIfAbsent(userId, k -> new ArrayDeque<>());
        synchronized (q) {
            while (!q.isEmpty() && q.peekFirst() <= now - WINDOW_MS) {
                q.pollFirst();
            }
            if (q.size() >= max) {
                long wait = q.peekFirst() + WINDOW_MS - now;
                return Math.max(1, (wait + 999) / 1000);
            }
            q.addLast(now);
            return 0;
        }
    }

    /** Forgets users idle for a minute, now and then, so the map does not grow with every user ever seen. */
    private void sweep(long now) {
        if (++sinceSweep < 1000) {
            return;
        }
        sinceSweep = 0;
        calls.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long last = e.getValue().peekLast();
                return last == null || last <= now - WINDOW_MS;
            }
        });
    }
}
