package io.pauz.memory.infinispan.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.infinispan.lifecycle.ComponentStatus;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.remoting.transport.Address;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.infinispan.stats.Stats;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
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
    record Handle(String name, Cache<String, String> read, AdvancedCache<String, String> write, CacheSettings settings) {
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
        JChannel channel = null;
        DefaultCacheManager manager = null;
        try {
            GlobalConfigurationBuilder global = new GlobalConfigurationBuilder();
            global.classLoader(loader);
            global.cacheManagerName("pauz-memory");
            global.jmx().enabled(false);
            global.cacheContainer().statistics(true);
            global.metrics().accurateSize(true);
            global.shutdown().hookBehavior(ShutdownHookBehavior.DONT_REGISTER);
            if (settings.cluster()) {
                channel = channel(settings);
                global.transport()
                        .transport(new JGroupsTransport(channel))
                        .clusterName(settings.clusterName())
                        .nodeName(settings.nodeName());
            } else {
                global.nonClusteredDefault();
            }
            manager = new DefaultCacheManager(global.build(), true);
            Engine engine = new Engine(settings, loader, manager);
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
            } else if (channel != null) {
                channel.close();
            }
            throw new IllegalStateException("Infinispan memory did not start (" + settings.mode() + " mode"
                    + (settings.cluster() ? ", " + settings.bindAddress() + "[" + settings.bindPort() + "]" : "")
                    + "): " + rootMessage(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The JGroups stack of Infinispan's default-jgroups-tcp.xml, built in code: TCP on the
     * configured address and port only, static discovery (TCPPING) of the configured hosts only,
     * no multicast and no UDP diagnostics.
     */
    static JChannel channel(Settings s) throws Exception {
        InetAddress bind = InetAddress.getByName(s.bindAddress());
        List<InetSocketAddress> hosts = new ArrayList<>();
        for (Settings.HostPort hp : s.initialHosts()) {
            hosts.add(new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port()));
        }
        TCP tcp = new TCP();
        tcp.setBindAddress(bind);
        tcp.setBindPort(s.bindPort());
        tcp.setPortRange(0);
        TCPPING ping = new TCPPING();
        ping.setInitialHosts(hosts);
        ping.setPortRange(0);
        MERGE3 merge = new MERGE3();
        merge.setMinInterval(10_000);
        merge.setMaxInterval(30_000);
        FD_SOCK2 fdSock = new FD_SOCK2().setBindAddress(bind);
        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
        verify.setTimeout(1000);
        NAKACK2 nakack = new NAKACK2();
        nakack.useMcastXmit(false);
        GMS gms = new GMS().setJoinTimeout(s.joinTimeoutMs());
        gms.printLocalAddress(false);
        JChannel channel = new JChannel(tcp, ping, merge, fdSock, new FD_ALL3(), verify, nakack, new UNICAST3(),
                new STABLE(), gms, new UFC(), new MFC(), new FRAG4());
        // Created by init() above, started on connect: keep it from opening a multicast socket.
        tcp.getDiagnosticsHandler().setEnabled(false);
        channel.name(s.nodeName());
        return channel;
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
        Handle h = new Handle(name, cache, cache.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES), cs);
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
        Stats s = h.read().getAdvancedCache().getStats();
        return new CacheStats(h.name(), s.getCurrentNumberOfEntriesInMemory(), s.getHits(), s.getMisses(),
                s.getStores(), s.getEvictions());
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
