package io.pauz.memory.infinispan.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.infinispan.commons.IllegalLifecycleStateException;

import io.pauz.api.memory.CacheStats;
import io.pauz.api.memory.NamedCache;

/**
 * One named cache. It looks the Infinispan cache up on every call, so a handle kept by a caller
 * keeps working across configuration changes (each of which starts a new cache manager).
 */
final class InfinispanNamedCache implements NamedCache {
    private final InfinispanMemoryService owner;
    private final String name;

    InfinispanNamedCache(InfinispanMemoryService owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    private Engine.Handle handle() {
        Engine e = owner.engine();
        return e == null ? null : e.cache(name);
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        try {
            Engine.Handle h = handle();
            if (h != null) {
                return Optional.ofNullable(h.read().get(key));
            }
        } catch (IllegalLifecycleStateException stopping) {
            // restarting: a miss
        }
        owner.degraded("get", name);
        return Optional.empty();
    }

    @Override
    public void put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        try {
            Engine.Handle h = handle();
            if (h != null) {
                h.write().put(key, value);
                return;
            }
        } catch (IllegalLifecycleStateException stopping) {
            // restarting: the entry is not kept
        }
        owner.degraded("put", name);
    }

    @Override
    public void put(String key, String value, Duration lifespan) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (lifespan == null || lifespan.isZero() || lifespan.isNegative()) {
            throw new IllegalArgumentException("lifespan must be positive, not " + lifespan);
        }
        try {
            Engine.Handle h = handle();
            if (h != null) {
                Duration max = h.settings().lifespan();
                Duration effective = max != null && lifespan.compareTo(max) > 0 ? max : lifespan;
                long ms = Math.max(1, millis(effective));
                h.write().put(key, value, ms, TimeUnit.MILLISECONDS);
                return;
            }
        } catch (IllegalLifecycleStateException stopping) {
            // restarting: the entry is not kept
        }
        owner.degraded("put", name);
    }

    private static long millis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    @Override
    public void remove(String key) {
        Objects.requireNonNull(key, "key");
        try {
            Engine.Handle h = handle();
            if (h != null) {
                h.write().remove(key);
                return;
            }
        } catch (IllegalLifecycleStateException stopping) {
            throw new IllegalStateException(owner.unavailable(), stopping);
        }
        throw new IllegalStateException(owner.unavailable());
    }

    @Override
    public void clear() {
        try {
            Engine.Handle h = handle();
            if (h != null) {
                h.read().clear();
                return;
            }
        } catch (IllegalLifecycleStateException stopping) {
            throw new IllegalStateException(owner.unavailable(), stopping);
        }
        throw new IllegalStateException(owner.unavailable());
    }

    @Override
    public CacheStats stats() {
        Engine e = owner.engine();
        if (e != null) {
            try {
                return e.stats(e.cache(name));
            } catch (IllegalLifecycleStateException stopping) {
                // restarting
            }
        }
        return new CacheStats(name, 0, 0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return "NamedCache[" + name + "]";
    }
}
