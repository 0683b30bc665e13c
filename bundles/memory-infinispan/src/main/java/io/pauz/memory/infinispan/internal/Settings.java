package io.pauz.memory.infinispan.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pauz.api.memory.MemoryService;

/**
 * The configuration, checked and normalized. Two equal settings mean the running cache manager
 * can stay as it is.
 */
public record Settings(boolean cluster, String clusterName, String bindAddress, int bindPort,
        List<HostPort> initialHosts, boolean distributed, int owners, long joinTimeoutMs, long remoteTimeoutMs,
        CacheSettings defaults, Map<String, CacheSettings> perCache, int maxCaches) {

    /** One member of the static discovery list. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + "[" + port + "]";
        }
    }

    /** Built-in lifespans of the well-known caches; operators' overrides are applied on top. */
    static final Map<String, String> BUILT_IN = Map.of(
            MemoryService.AI_RESPONSES, "lifespan:PT24H",
            MemoryService.SESSIONS, "lifespan:P7D");

    /** The well-known caches, started with the manager (and so replicated from the first moment in a cluster). */
    static final List<String> WELL_KNOWN = List.of(MemoryService.AI_RESPONSES, MemoryService.SESSIONS,
            MemoryService.PERSONALIZATION, MemoryService.RECOMMENDATIONS);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern HOST_PORT = Pattern.compile("\\s*([^\\s\\[\\]:]+|\\[[0-9a-fA-F:]+\\])\\s*(?:\\[(\\d{1,5})\\]|:(\\d{1,5}))?\\s*");

    public Settings {
        initialHosts = List.copyOf(initialHosts);
        perCache = Collections.unmodifiableMap(new LinkedHashMap<>(perCache));
    }

    /** Settings of the named cache: its override, else the defaults. */
    public CacheSettings cache(String name) {
        return perCache.getOrDefault(name, defaults);
    }

    /** Names whose cache starts with the manager: the well-known ones and every configured one. */
    public List<String> startupCaches() {
        List<String> names = new ArrayList<>(WELL_KNOWN);
        for (String n : perCache.keySet()) {
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    /** The node's name in the cluster, unique per address and port. */
    public String nodeName() {
        return clusterName + "-" + bindAddress + "-" + bindPort;
    }

    public String mode() {
        return cluster ? "cluster" : "local";
    }

    public String cacheMode() {
        return cluster ? (distributed ? "DIST_SYNC" : "REPL_SYNC") : "LOCAL";
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid cache name '" + name
                    + "': 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Checks and normalizes a configuration; throws IllegalArgumentException naming the bad key. */
    public static Settings from(MemoryConfig c) {
        String mode = trim(c.mode()).toLowerCase(Locale.ROOT);
        boolean cluster = switch (mode) {
            case "", "local" -> false;
            case "cluster", "clustered" -> true;
            default -> throw new IllegalArgumentException("mode: expected local or cluster, got '" + c.mode() + "'");
        };
        String clusterName = trim(c.cluster_name());
        if (clusterName.isEmpty()) {
            clusterName = "pauz";
        }
        String bind = trim(c.bind_address());
        if (bind.isEmpty()) {
            bind = "127.0.0.1";
        }
        int port = c.bind_port();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bind.port: expected 1-65535, got " + port);
        }
        List<HostPort> hosts = new ArrayList<>();
        for (String h : trim(c.initial_hosts()).split(",")) {
            if (h.isBlank()) {
                continue;
            }
            Matcher m = HOST_PORT.matcher(h);
            if (!m.matches()) {
                throw new IllegalArgumentException("initial.hosts: expected host[port], got '" + h.trim() + "'");
            }
            String p = m.group(2) != null ? m.group(2) : m.group(3);
            int hp = p == null ? port : Integer.parseInt(p);
            if (hp < 1 || hp > 65535) {
                throw new IllegalArgumentException("initial.hosts: bad port in '" + h.trim() + "'");
            }
            HostPort hostPort = new HostPort(m.group(1), hp);
            if (!hosts.contains(hostPort)) {
                hosts.add(hostPort);
            }
        }
        HostPort self = new HostPort(bind, port);
        if (!hosts.contains(self)) {
            hosts.add(self);
        }
        String cacheMode = trim(c.cluster_cache_mode()).toUpperCase(Locale.ROOT);
        boolean dist = switch (cacheMode) {
            case "", "REPL_SYNC", "REPL", "REPLICATED" -> false;
            case "DIST_SYNC", "DIST", "DISTRIBUTED" -> true;
            default -> throw new IllegalArgumentException(
                    "cluster.cache.mode: expected REPL_SYNC or DIST_SYNC, got '" + c.cluster_cache_mode() + "'");
        };
        if (c.cluster_owners() < 1) {
            throw new IllegalArgumentException("cluster.owners: expected 1 or more, got " + c.cluster_owners());
        }
        if (c.cluster_join_timeout() < 100) {
            throw new IllegalArgumentException("cluster.join.timeout: expected 100 ms or more, got " + c.cluster_join_timeout());
        }
        if (c.cluster_remote_timeout() < 100) {
            throw new IllegalArgumentException("cluster.remote.timeout: expected 100 ms or more, got " + c.cluster_remote_timeout());
        }
        CacheSettings defaults = new CacheSettings(duration("default.lifespan", c.default_lifespan()),
                count("default.max.entries", c.default_max_entries()), duration("default.max.idle", c.default_max_idle()));

        Map<String, String> overrides = new LinkedHashMap<>();
        for (String line : c.caches() == null ? new String[0] : c.caches()) {
            for (String one : (line == null ? "" : line).split(";")) {
                if (one.isBlank()) {
                    continue;
                }
                int eq = one.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("caches: expected name=lifespan:...,max:..., got '" + one.trim() + "'");
                }
                String name = one.substring(0, eq).trim();
                checkName(name);
                overrides.merge(name, one.substring(eq + 1), (a, b) -> a + "," + b);
            }
        }
        Map<String, CacheSettings> perCache = new LinkedHashMap<>();
        for (String name : WELL_KNOWN) {
            if (BUILT_IN.containsKey(name) || overrides.containsKey(name)) {
                perCache.put(name, resolve(name, defaults, overrides.get(name)));
            }
        }
        for (String name : overrides.keySet()) {
            perCache.computeIfAbsent(name, n -> resolve(n, defaults, overrides.get(n)));
        }
        if (c.max_caches() < WELL_KNOWN.size()) {
            throw new IllegalArgumentException("max.caches: expected " + WELL_KNOWN.size() + " or more, got " + c.max_caches());
        }
        Settings s = new Settings(cluster, clusterName, bind, port, hosts, dist, c.cluster_owners(),
                c.cluster_join_timeout(), c.cluster_remote_timeout(), defaults, perCache, c.max_caches());
        int startup = s.startupCaches().size();
        return startup <= s.maxCaches() ? s
                : new Settings(cluster, clusterName, bind, port, hosts, dist, c.cluster_owners(),
                        c.cluster_join_timeout(), c.cluster_remote_timeout(), defaults, perCache, startup);
    }

    private static CacheSettings resolve(String name, CacheSettings defaults, String override) {
        try {
            CacheSettings s = defaults;
            String builtIn = BUILT_IN.get(name);
            if (builtIn != null) {
                s = s.with(builtIn);
            }
            return override == null ? s : s.with(override);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("caches: " + name + ": " + e.getMessage(), e);
        }
    }

    private static java.time.Duration duration(String key, String value) {
        try {
            return CacheSettings.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static long count(String key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + ": expected 0 (unbounded) or more, got " + value);
        }
        return value;
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
