package io.pauz.memory.infinispan.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration PID {@code io.pauz.memory.infinispan}. Every change restarts the cache manager
 * (entries of a local-mode cache are lost; a cluster node gets them back from its peers).
 */
@ObjectClassDefinition(name = "PAUZ SmartMemory (Infinispan)",
        description = "Embedded Infinispan caches, local or clustered over JGroups (TCP, static discovery)")
public @interface MemoryConfig {
    String PID = "io.pauz.memory.infinispan";

    @AttributeDefinition(description = "local: caches in this JVM only; cluster: JGroups cluster over TCP",
            options = { @Option(value = "local", label = "Local"), @Option(value = "cluster", label = "Cluster") })
    String mode() default "local";

    @AttributeDefinition(description = "Name of the cluster; only nodes with the same name join each other")
    String cluster_name() default "pauz";

    @AttributeDefinition(description = "Address JGroups binds to (cluster mode). Default loopback: a one-machine cluster")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port JGroups binds to (cluster mode); the failure detector uses port+100")
    int bind_port() default 7800;

    @AttributeDefinition(description = "Static discovery (TCPPING): every member as host[port], comma separated, "
            + "e.g. 127.0.0.1[7800],127.0.0.1[7801]. Empty: this node only")
    String initial_hosts() default "";

    @AttributeDefinition(description = "Clustered cache mode: REPL_SYNC (every node holds every entry) or "
            + "DIST_SYNC (each entry on cluster.owners nodes)",
            options = { @Option(value = "REPL_SYNC", label = "Replicated"),
                    @Option(value = "DIST_SYNC", label = "Distributed") })
    String cluster_cache_mode() default "REPL_SYNC";

    @AttributeDefinition(description = "Copies of each entry in DIST_SYNC mode")
    int cluster_owners() default 2;

    @AttributeDefinition(description = "How long a starting node looks for a coordinator before forming its own "
            + "cluster, in milliseconds (also the minimum start time of the first node)")
    long cluster_join_timeout() default 2000;

    @AttributeDefinition(description = "How long a clustered write waits for the other nodes, in milliseconds")
    long cluster_remote_timeout() default 15000;

    @AttributeDefinition(description = "Lifespan of entries of caches without an override: ISO-8601 (PT1H) or "
            + "200ms / 30s / 15m / 24h / 7d; none for no expiry")
    String default_lifespan() default "PT1H";

    @AttributeDefinition(description = "Entries kept per cache without an override before the least useful are "
            + "evicted; 0 for unbounded")
    long default_max_entries() default 10000;

    @AttributeDefinition(description = "Idle time after which an unread entry expires; none to disable")
    String default_max_idle() default "none";

    @AttributeDefinition(description = "Per-cache overrides, name=lifespan:PT24H,max:100000,idle:PT30M; several "
            + "separated by ';'. Built in: ai-responses=lifespan:PT24H; sessions=lifespan:P7D")
    String[] caches() default {};

    @AttributeDefinition(description = "Most caches that may be created (protects memory from runaway names)")
    int max_caches() default 64;
}
