package io.pauz.memory.infinispan.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.configuration.global.ShutdownHookBehavior;
import org.infinispan.context.Flag;
import org.infinispan.eviction.EvictionStrategy;
import org.infinispan.factories.ComponentRegistry;
import org.infinispan.interceptors.AsyncInterceptorChain;
import org.infinispan.interceptors.impl.CacheMgmtInterceptor;
import org.infinispan.lifecycle.ComponentStatus;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.remoting.transport.Address;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.infinispan.stats.Stats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.memory.CacheStats;

/**
 * One running Infinispan cache manager built from one {@link Settings}. A configuration change
 * stops it and builds a new one; nothing of it is reused.
 */
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** The Infinispan cache of one name: reads as is, writes without fetching the previous value. */
    record Handle(String name, Cache<String, String> read, AdvancedCache<String, String> write, CacheSettings settings,
            CacheMgmtInterceptor counters) {
    }

    private final Settings settings;
    private final ClassLoader loader;
    private final DefaultCacheManager manager;
    private final Map<String, Handle> caches = new ConcurrentHashMap<>();
    private volatile long startMillis;

    private Engine(Settings settings, ClassLoader loader, DefaultCacheManager manager) {
        this.settings = settings;
        this.loader = loader;
        this.manager = manager;
    }

    /**
     * Starts a manager and the startup caches. The thread context class loader is the bundle's
     * meanwhile, so Infinispan and JGroups find their services and resources inside this bundle.
     */
    static Engine start(Settings settings, ClassLoader loader) {
        long t0 = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        DefaultCacheManager manager = null;
        try {
            GlobalConfigurationBuilder global = new GlobalConfigurationBuilder();
            global.classLoader(loader);
            global.cacheManagerName("pauz-memory");
            global.jmx().enabled(false);
            global.cacheContainer().statistics(true);
            global.shutdown().hookBehavior(ShutdownHookBehavior.DONT_REGISTER);
            if (settings.cluster()) {
                global.transport()
                        .defaultTransport()
                        .clusterName(settings.clusterName())
                        .nodeName(settings.nodeName())
                        .addProperty(JGroupsTransport.CHANNEL_CONFIGURATOR, new StaticTcpChannelConfigurator(settings));
            } else {
                global.nonClusteredDefault();
            }
            manager = new DefaultCacheManager(global.build(), true);
            Engine engine = new Engine(settings, loader, manager);
            if (settings.cluster()) {
                engine.checkBoundAsConfigured();
            }
            for (String name : settings.startupCaches()) {
                engine.open(name);
            }
            engine.startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            LOG.info("Infinispan memory started in {} ms: mode {}, {} caches{}", engine.startMillis, settings.mode(),
                    engine.caches.size(), settings.cluster()
                            ? ", node " + settings.nodeName() + ", members " + engine.members() : "");
            return engine;
        } catch (Exception | LinkageError e) {
            if (manager != null) {
                stopQuietly(manager);
            }
            throw new IllegalStateException("cache manager did not start (" + settings.mode() + " mode"
                    + (settings.cluster() ? ", " + settings.bindAddress() + "[" + settings.bindPort() + "]" : "")
                    + "): " + rootMessage(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Refuses a transport that listens anywhere but on the configured address and port (the
     * cluster must never fall back to Infinispan's default stack with multicast discovery).
     */
    private void checkBoundAsConfigured() throws Exception {
        String expected = InetAddress.getByName(settings.bindAddress()).getHostAddress() + ":" + settings.bindPort();
        List<String> actual = physicalAddresses();
        if (!actual.equals(List.of(expected))) {
            throw new IllegalStateException("JGroups listens on " + actual + ", not on " + expected);
        }
    }

    private Handle open(String name) {
        CacheSettings cs = settings.cache(name);
        ConfigurationBuilder b = new ConfigurationBuilder();
        b.statistics().enable();
        if (settings.cluster()) {
            b.clustering().cacheMode(settings.distributed() ? CacheMode.DIST_SYNC : CacheMode.REPL_SYNC)
                    .remoteTimeout(settings.remoteTimeoutMs(), TimeUnit.MILLISECONDS);
            if (settings.distributed()) {
                b.clustering().hash().numOwners(settings.owners());
            }
        } else {
            b.clustering().cacheMode(CacheMode.LOCAL);
        }
        if (cs.lifespan() != null) {
            b.expiration().lifespan(cs.lifespan().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (cs.maxIdle() != null) {
            b.expiration().maxIdle(cs.maxIdle().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (cs.maxEntries() > 0) {
            b.memory().maxCount(cs.maxEntries()).whenFull(EvictionStrategy.REMOVE);
        }
        manager.defineConfiguration(name, b.build());
        Cache<String, String> cache = manager.getCache(name);
        // The statistics interceptor read directly: Cache.getStats() computes ~20 figures (0.2 ms a cache).
        CacheMgmtInterceptor counters = ComponentRegistry.componentOf(cache, AsyncInterceptorChain.class)
                .findInterceptorExtending(CacheMgmtInterceptor.class);
        Handle h = new Handle(name, cache, cache.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES), cs, counters);
        caches.put(name, h);
        return h;
    }

    /** The cache of that name, started with its settings on first use. */
    Handle cache(String name) {
        Handle h = caches.get(name);
        if (h != null) {
            return h;
        }
        synchronized (this) {
            h = caches.get(name);
            if (h != null) {
                return h;
            }
            Settings.checkName(name);
            if (caches.size() >= settings.maxCaches()) {
                throw new IllegalStateException("too many caches (max.caches=" + settings.maxCaches()
                        + "); cannot create '" + name + "'");
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return open(name);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    CacheStats stats(Handle h) {
        // Entries in memory on this node, counted without a scan: may include entries that expired
        // but were neither read nor purged yet (the expiration reaper runs every minute).
        CacheMgmtInterceptor c = h.counters();
        if (c == null) {
            Stats s = h.read().getAdvancedCache().getStats();
            return new CacheStats(h.name(), s.getApproximateEntriesInMemory(), s.getHits(), s.getMisses(),
                    s.getStores(), s.getEvictions());
        }
        return new CacheStats(h.name(), c.getApproximateEntriesInMemory(), c.getHits(), c.getMisses(), c.getStores(),
                c.getEvictions());
    }

    List<CacheStats> stats() {
        List<CacheStats> out = new ArrayList<>();
        caches.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(h -> out.add(stats(h)));
        return out;
    }

    boolean running() {
        return manager.getStatus() == ComponentStatus.RUNNING;
    }

    String status() {
        return manager.getStatus().toString();
    }

    /** Names of the cluster members as JGroups sees them; this node only in local mode. */
    List<String> members() {
        List<Address> m = manager.getMembers();
        if (m == null) {
            return List.of(settings.cluster() ? settings.nodeName() : "local");
        }
        return m.stream().map(String::valueOf).toList();
    }

    /** Where this node listens (cluster mode), e.g. 127.0.0.1:7800; empty in local mode. */
    List<String> physicalAddresses() {
        if (!settings.cluster()) {
            return List.of();
        }
        List<String> raw = manager.getCacheManagerInfo().getPhysicalAddressesRaw();
        return raw == null ? List.of() : List.copyOf(raw);
    }

    int cacheCount() {
        return caches.size();
    }

    Settings settings() {
        return settings;
    }

    long startMillis() {
        return startMillis;
    }

    void stop() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            stopQuietly(manager);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void stopQuietly(DefaultCacheManager manager) {
        try {
            manager.stop();
        } catch (RuntimeException e) {
            LOG.warn("Infinispan memory did not stop cleanly: {}", rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
