package io.pauz.api.memory;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * SmartMemory: named caches with expiry. Values are strings (usually JSON) so that every backend,
 * clustered ones included, can store them without knowing the caller's classes.
 *
 * <p>Well-known cache names are constants here; a provider's configuration sets each cache's
 * lifespan and size, with {@link #AI_RESPONSES} kept 24 hours by default.
 */
@ProviderType
public interface MemoryService {
    /** AI engine answers, kept 24 h by default. */
    String AI_RESPONSES = "ai-responses";
    /** Signed-in sessions. */
    String SESSIONS = "sessions";
    /** Per-user personalization profiles. */
    String PERSONALIZATION = "personalization";
    /** Per-user recommendations. */
    String RECOMMENDATIONS = "recommendations";

    /** The cache of that name, created with the provider's defaults on first use. */
    NamedCache cache(String name);

    /** Statistics of every cache created so far. */
    List<CacheStats> stats();
}
