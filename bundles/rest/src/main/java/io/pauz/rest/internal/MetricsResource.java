package io.pauz.rest.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.BucketUsage;
import io.pauz.api.memory.CacheStats;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.metrics.MetricsContributor;

/**
 * {@code GET /metrics} in Prometheus text format: request rates and latencies, bucket use per
 * provider, cache statistics, JVM figures, and whatever {@link MetricsContributor}s add.
 */
@Component(service = MetricsResource.class)
@JakartarsResource
@Path("metrics")
public class MetricsResource {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsResource.class);
    private final RequestMetrics requests;
    private final List<BucketStore> buckets = new CopyOnWriteArrayList<>();
    private final List<MemoryService> memories = new CopyOnWriteArrayList<>();
    private final List<MetricsContributor> contributors = new CopyOnWriteArrayList<>();

    @Activate
    public MetricsResource(@Reference RequestMetrics requests) {
        this.requests = requests;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBucketStore(BucketStore store) {
        buckets.add(store);
    }

    void removeBucketStore(BucketStore store) {
        buckets.remove(store);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMemory(MemoryService memory) {
        memories.add(memory);
    }

    void removeMemory(MemoryService memory) {
        memories.remove(memory);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContributor(MetricsContributor contributor) {
        contributors.add(contributor);
    }

    void removeContributor(MetricsContributor contributor) {
        contributors.remove(contributor);
    }

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics() {
        PrometheusWriter w = new PrometheusWriter();
        w.gauge("pauz_uptime_seconds", "Seconds since the JVM started", Map.of(),
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        w.gauge("pauz_jvm_heap_used_bytes", "Heap in use", Map.of(), heap.getUsed());
        w.gauge("pauz_jvm_heap_max_bytes", "Largest heap the JVM may use", Map.of(), heap.getMax());
        requests.write(w);
        for (BucketStore store : buckets) {
            for (BucketUsage u : store.usage()) {
                Map<String, String> labels = Map.of("bucket", u.bucket().id());
                w.gauge("pauz_bucket_objects", "Objects stored per bucket", labels, u.objects());
                w.gauge("pauz_bucket_bytes", "Bytes stored per bucket", labels, u.bytes());
                w.gauge("pauz_bucket_quota_bytes", "Quota per bucket, 0 for none", labels, u.quotaBytes());
                w.gauge("pauz_bucket_quota_used_ratio", "Share of the quota in use", labels, u.quotaPercent() / 100);
            }
        }
        for (MemoryService memory : memories) {
            for (CacheStats s : memory.stats()) {
                Map<String, String> labels = Map.of("cache", s.name());
                w.gauge("pauz_cache_entries", "Entries in the cache", labels, s.entries());
                w.counter("pauz_cache_hits_total", "Lookups that found a value", labels, s.hits());
                w.counter("pauz_cache_misses_total", "Lookups that found nothing", labels, s.misses());
                w.counter("pauz_cache_stores_total", "Values stored", labels, s.stores());
                w.counter("pauz_cache_evictions_total", "Values evicted for space", labels, s.evictions());
                w.gauge("pauz_cache_hit_ratio", "Hits divided by lookups", labels, s.hitRate());
            }
        }
        for (MetricsContributor contributor : contributors) {
            try {
                contributor.contribute(w);
            } catch (RuntimeException e) {
                LOG.warn("Metrics contributor {} failed", contributor, e);
            }
        }
        return w.text();
    }
}
