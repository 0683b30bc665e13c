package io.pauz.memory.infinispan.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.memory.CacheStats;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;

/**
 * SmartMemory on embedded Infinispan, and its health indicator {@value #HEALTH_NAME}.
 *
 * <p>The component stays registered when the cache manager cannot start (bad address, port in
 * use): the health indicator then reports DOWN with the reason, reads miss and writes are dropped
 * (a cache may always forget), while {@code remove} and {@code clear} fail, because an
 * invalidation that silently did not happen could resurrect a signed-out session.
 */
@Component(configurationPid = MemoryConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { MemoryService.class, HealthIndicator.class }, immediate = true,
        property = InfinispanMemoryService.PROVIDER_PROPERTY + "=" + InfinispanMemoryService.PROVIDER)
@Designate(ocd = MemoryConfig.class)
public class InfinispanMemoryService implements MemoryService, HealthIndicator {
    public static final String PROVIDER_PROPERTY = "pauz.memory.provider";
    public static final String PROVIDER = "infinispan";
    public static final String HEALTH_NAME = "memory-infinispan";

    private static final Logger LOG = LoggerFactory.getLogger(InfinispanMemoryService.class);
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    private final ClassLoader loader = InfinispanMemoryService.class.getClassLoader();
    private volatile Engine engine;
    /** Why there is no engine (null while one runs). */
    private volatile String failure = "not started";
    /** A configuration that was rejected while an older one keeps running. */
    private volatile String rejected;
    private final AtomicLong degraded = new AtomicLong();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    @Activate
    public InfinispanMemoryService(MemoryConfig config) {
        apply(config);
    }

    /** A configuration change: restarts the cache manager unless nothing that matters changed. */
    @Modified
    public synchronized void modified(MemoryConfig config) {
        apply(config);
    }

    @Deactivate
    public synchronized void deactivate() {
        stopEngine("deactivated");
        rejected = null;
    }

    private synchronized void apply(MemoryConfig config) {
        Settings settings;
        try {
            settings = Settings.from(config);
        } catch (IllegalArgumentException e) {
            if (engine != null) {
                rejected = "configuration rejected, previous one still running: " + e.getMessage();
                LOG.error("Infinispan memory: {}", rejected);
            } else {
                failure = "bad configuration: " + e.getMessage();
                LOG.error("Infinispan memory: {}", failure);
            }
            return;
        }
        rejected = null;
        Engine current = engine;
        if (current != null && current.running() && current.settings().equals(settings)) {
            LOG.info("Infinispan memory: configuration unchanged, cache manager kept");
            return;
        }
        stopEngine("restarting");
        try {
            engine = Engine.start(settings, loader);
            failure = null;
        } catch (IllegalStateException e) {
            failure = e.getMessage();
            LOG.error("{}", failure, e);
        }
    }

    private void stopEngine(String why) {
        Engine current = engine;
        failure = why;
        engine = null;
        if (current != null) {
            current.stop();
            LOG.info("Infinispan memory stopped ({})", why);
        }
    }

    /** The running engine, or null. */
    Engine engine() {
        return engine;
    }

    /** Why the memory is not available, for exceptions and logs. */
    String unavailable() {
        String f = failure;
        return "Infinispan memory is not running: " + (f == null ? "stopping" : f);
    }

    /** Counts an operation that did nothing because no cache manager runs, warning now and then. */
    void degraded(String operation, String cache) {
        long n = degraded.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
            LOG.warn("{} ({} on '{}' skipped; {} skipped in all)", unavailable(), operation, cache, n);
        }
    }

    @Override
    public NamedCache cache(String name) {
        Settings.checkName(name);
        Engine e = engine;
        if (e != null) {
            try {
                e.cache(name);
            } catch (org.infinispan.commons.IllegalLifecycleStateException stopping) {
                // A restart is under way; the cache is created on first use afterwards.
            }
        }
        return new InfinispanNamedCache(this, name);
    }

    @Override
    public List<CacheStats> stats() {
        Engine e = engine;
        return e == null ? List.of() : e.stats();
    }

    @Override
    public String name() {
        return HEALTH_NAME;
    }

    @Override
    public HealthStatus check() {
        Engine e = engine;
        if (e == null) {
            return new HealthStatus(HealthStatus.State.DOWN, unavailable(), Map.of("skippedOperations", degraded.get()));
        }
        if (!e.running()) {
            return new HealthStatus(HealthStatus.State.DOWN, "Infinispan cache manager is " + e.status(),
                    Map.of("skippedOperations", degraded.get()));
        }
        Settings s = e.settings();
        List<String> members = e.members();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", s.mode());
        details.put("cacheMode", s.cacheMode());
        if (s.cluster()) {
            details.put("clusterName", s.clusterName());
            details.put("node", s.nodeName());
            details.put("address", e.physicalAddresses());
        }
        details.put("members", members);
        details.put("memberCount", members.size());
        details.put("caches", e.cacheCount());
        details.put("startMillis", e.startMillis());
        details.put("skippedOperations", degraded.get());
        String message = (s.cluster()
                ? "cluster " + s.clusterName() + " (" + s.cacheMode() + "), " + members.size() + " member"
                        + (members.size() == 1 ? "" : "s")
                : "local") + ", " + e.cacheCount() + " caches";
        String r = rejected;
        if (r != null) {
            details.put("rejected", r);
            return new HealthStatus(HealthStatus.State.DEGRADED, message + "; " + r, details);
        }
        return new HealthStatus(HealthStatus.State.UP, message, details);
    }
}
