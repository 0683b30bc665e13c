package io.pauz.api.memory;

/** Counters of one cache since it started. */
public record CacheStats(String name, long entries, long hits, long misses, long stores, long evictions) {
    /** Hits divided by lookups, 0 when nothing was looked up. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
