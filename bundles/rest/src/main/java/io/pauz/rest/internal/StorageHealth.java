package io.pauz.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.memory.MemoryService;

/**
 * {@code storage}: DOWN while one of the three SmartStorage services is missing (no provider
 * installed, or the one selected in config/ is not available), because features cannot work then.
 */
@Component(service = HealthIndicator.class)
public class StorageHealth implements HealthIndicator {
    private final AtomicInteger buckets = new AtomicInteger();
    private final AtomicInteger sql = new AtomicInteger();
    private final AtomicInteger memory = new AtomicInteger();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeBucket")
    void addBucket(BucketStore store) {
        buckets.incrementAndGet();
    }

    void removeBucket(BucketStore store) {
        buckets.decrementAndGet();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeSql",
            target = "(pauz.sql.provider=*)")
    void addSql(DataSource dataSource) {
        sql.incrementAndGet();
    }

    void removeSql(DataSource dataSource) {
        sql.decrementAndGet();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeMemory")
    void addMemory(MemoryService service) {
        memory.incrementAndGet();
    }

    void removeMemory(MemoryService service) {
        memory.decrementAndGet();
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public HealthStatus check() {
        List<String> missing = new ArrayList<>();
        if (buckets.get() == 0) {
            missing.add("no bucket store (check io.pauz.storage bucket.provider)");
        }
        if (sql.get() == 0) {
            missing.add("no SQL data source");
        }
        if (memory.get() == 0) {
            missing.add("no memory service");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bucketStores", buckets.get());
        details.put("dataSources", sql.get());
        details.put("memoryServices", memory.get());
        return missing.isEmpty() ? new HealthStatus(HealthStatus.State.UP, "SmartBucket, SmartSQL and SmartMemory are available", details)
                : new HealthStatus(HealthStatus.State.DOWN, String.join("; ", missing), details);
    }
}
