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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.BucketUsage;
import io.pauz.api.memory.CacheStats;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.metrics.MetricsContributor;
import io.pauz.api.rest.PauzAdminResource;

/**
 * {@code GET /metrics} in Prometheus text format: request rates and latencies, bucket use per
 * provider, cache statistics, JVM figures, and whatever {@link MetricsContributor}s add.
 */
@Component(service = MetricsResource.class)
@PauzAdminResource
@Path("metrics")
public class MetricsResource {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsResource.class);
    private final RequestMetrics requests;
    private final Map<BucketStore, String> buckets = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<MemoryService> memories = new CopyOnWriteArrayList<>();
    private final List<MetricsContributor> contributors = new CopyOnWriteArrayList<>();

    @Activate
    public MetricsResource(@Reference RequestMetrics requests) {
        this.requests = requests;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBucketStore(BucketStore store, Map<String, Object> props) {
        // labelled by provider: while the operator switches providers two stores serve for a moment, and two series
        // with equal labels would make the whole scrape invalid
        buckets.put(store, String.valueOf(props.getOrDefault(BucketStore.PROVIDER_PROPERTY, "unknown")));
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

    /** Bucket use as of the last scrape: listing a remote store's objects is too slow to repeat for a summary. */
    private record BucketSnapshot(java.time.Instant at, List<Map<String, Object>> rows) {
    }

    private volatile BucketSnapshot lastBuckets;

    /** Figures of other bundles the operator summary shows, by metric name, summed over their labels. */
    private static final Map<String, String> SUMMARY_FIGURES = new java.util.LinkedHashMap<>();
    static {
        SUMMARY_FIGURES.put("pauz_ai_engine_calls_total", "aiEngineCalls");
        SUMMARY_FIGURES.put("pauz_ai_engine_calls_saved_total", "aiEngineCallsSaved");
        SUMMARY_FIGURES.put("pauz_ai_cache_hit_ratio", "aiCacheHitRatio");
        SUMMARY_FIGURES.put("pauz_transcription_queue", "transcriptionQueue");
        SUMMARY_FIGURES.put("pauz_journal_entries_created_total", "journalEntriesCreated");
        SUMMARY_FIGURES.put("pauz_guided_sessions_completed_total", "guidedSessionsCompleted");
    }

    /**
     * {@code GET /metrics/summary} (admin token, like {@code /metrics}): the plan's success figures at a glance, as
     * JSON for an operator: uptime, requests and latency, hit rate per cache, engine calls and calls saved, the
     * transcription queue, and bucket use against quota as of the last scrape. In-memory counters only.
     */
    @GET
    @Path("summary")
    @Produces(jakarta.ws.rs.core.MediaType.APPLICATION_JSON)
    public Map<String, Object> summary() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        out.put("requests", requests.summary(5));
        List<Map<String, Object>> caches = new java.util.ArrayList<>();
        for (MemoryService memory : memories) {
            for (CacheStats s : memory.stats()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("cache", s.name());
                row.put("hitRatio", Math.round(s.hitRate() * 1000) / 1000.0);
                row.put("hits", s.hits());
                row.put("misses", s.misses());
                row.put("entries", s.entries());
                caches.add(row);
            }
        }
        out.put("caches", caches);
        Map<String, Double> figures = new java.util.LinkedHashMap<>();
        io.pauz.api.metrics.MetricsWriter pick = new io.pauz.api.metrics.MetricsWriter() {
            @Override
            public void counter(String name, String help, Map<String, String> labels, double value) {
                gauge(name, help, labels, value);
            }

            @Override
            public void gauge(String name, String help, Map<String, String> labels, double value) {
                String key = SUMMARY_FIGURES.get(name);
                if (key != null) {
                    figures.merge(key, value, Double::sum);
                }
            }
        };
        for (MetricsContributor contributor : contributors) {
            try {
                contributor.contribute(pick);
            } catch (RuntimeException e) {
                LOG.warn("Metrics contributor {} failed", contributor, e);
            }
        }
        out.put("figures", figures);
        BucketSnapshot b = lastBuckets;
        Map<String, Object> bucketView = new java.util.LinkedHashMap<>();
        bucketView.put("asOf", b == null ? null : b.at().toString());
        bucketView.put("buckets", b == null ? List.of() : b.rows());
        out.put("buckets", bucketView);
        return out;
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
        List<Map<String, Object>> bucketRows = new java.util.ArrayList<>();
        for (Map.Entry<BucketStore, String> store : buckets.entrySet()) {
            for (BucketUsage u : store.getKey().usage()) {
                Map<String, String> labels = Map.of("bucket", u.bucket().id(), "provider", store.getValue());
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("bucket", u.bucket().id());
                row.put("provider", store.getValue());
                row.put("objects", u.objects());
                row.put("bytes", u.bytes());
                row.put("quotaBytes", u.quotaBytes());
                row.put("quotaPercent", Math.round(u.quotaPercent() * 100) / 100.0);
                bucketRows.add(row);
                w.gauge("pauz_bucket_objects", "Objects stored per bucket", labels, u.objects());
                w.gauge("pauz_bucket_bytes", "Bytes stored per bucket", labels, u.bytes());
                w.gauge("pauz_bucket_quota_bytes", "Quota per bucket, 0 for none", labels, u.quotaBytes());
                w.gauge("pauz_bucket_quota_used_ratio", "Share of the quota in use", labels, u.quotaPercent() / 100);
            }
        }
        lastBuckets = new BucketSnapshot(java.time.Instant.now(), List.copyOf(bucketRows));
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
