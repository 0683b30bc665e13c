package io.pauz.api.memory;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** One named cache. Every {@code get} counts as a hit or a miss in {@link #stats()}. */
@ProviderType
public interface NamedCache {
    String name();

    Optional<String> get(String key);

    /** Stores with the cache's configured lifespan. */
    void put(String key, String value);

    /** Stores with an explicit lifespan (never longer than the cache allows). */
    void put(String key, String value, Duration lifespan);

    void remove(String key);

    void clear();

    CacheStats stats();
}
