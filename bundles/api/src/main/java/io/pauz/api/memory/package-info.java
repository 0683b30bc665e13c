/**
 * SmartMemory: named caches with expiry and hit/miss statistics.
 * <p>Implement {@link io.pauz.api.memory.MemoryService} to add a cache backend.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.memory;
