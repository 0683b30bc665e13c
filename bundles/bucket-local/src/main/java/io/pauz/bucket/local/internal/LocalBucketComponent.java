package io.pauz.bucket.local.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.BucketUsage;
import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.platform.Bundles;
import io.pauz.api.platform.PlatformInfo;

/**
 * Offers the local bucket store while {@code io.pauz.storage} selects {@code bucket.provider=fs} (the
 * default). Changing the selection in config/ unregisters it and the selected provider takes over;
 * consumers rebind without a restart.
 */
@Component(service = {}, immediate = true, configurationPid = { "io.pauz.storage", "io.pauz.bucket.local" })
public class LocalBucketComponent implements HealthIndicator {
    static final String PROVIDER = "fs";
    private static final Logger LOG = LoggerFactory.getLogger(LocalBucketComponent.class);
    private final BundleContext context;
    private final PlatformInfo platform;
    private LocalBucketStore store;
    private String storeKey;
    private ServiceRegistration<?> registration;

    @Activate
    public LocalBucketComponent(BundleContext context, @Reference PlatformInfo platform, LocalBucketConfig config)
            throws IOException {
        this.context = context;
        this.platform = platform;
        apply(config);
    }

    @Modified
    synchronized void apply(LocalBucketConfig config) throws IOException {
        boolean selected = PROVIDER.equals(config.bucket_provider().trim());
        Path root = config.root().isBlank() ? platform.dataDirectory().resolve("buckets") : Path.of(config.root());
        String key = root.toAbsolutePath().normalize() + "|" + config.quota_bytes() + "|" + config.reserve_bytes();
        if (!selected) {
            unregister();
            return;
        }
        if (store == null || !key.equals(storeKey)) {
            unregister();
            if (store != null) {
                store.close();
            }
            store = new LocalBucketStore(root, config.quota_bytes(), config.reserve_bytes(),
                    () -> Bundles.otherRevisionRunning(context));
            storeKey = key;
        }
        if (registration == null) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(BucketStore.PROVIDER_PROPERTY, PROVIDER);
            registration = context.registerService(new String[] { BucketStore.class.getName(),
                    HealthIndicator.class.getName() }, new Delegate(store, this), props);
            LOG.info("SmartBucket: local file system at {}", store.root());
        }
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
        if (store != null) {
            store.close(); // the next start reads the counts instead of every object file
        }
    }

    synchronized void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // bundle stopping
            }
            registration = null;
        }
    }

    @Override
    public String name() {
        return "bucket-fs";
    }

    @Override
    public synchronized HealthStatus check() {
        LocalBucketStore s = store;
        if (s == null) {
            return HealthStatus.down("not started");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("root", s.root().toString());
        long objects = 0;
        long bytes = 0;
        for (BucketUsage u : s.usage()) {
            objects += u.objects();
            bytes += u.bytes();
        }
        details.put("objects", objects);
        details.put("bytes", bytes);
        return s.writable() ? new HealthStatus(HealthStatus.State.UP, "local buckets writable", details)
                : new HealthStatus(HealthStatus.State.DOWN, "bucket root is not writable", details);
    }

    /** One service object for both interfaces: the store and its health. */
    static final class Delegate implements BucketStore, HealthIndicator {
        private final LocalBucketStore store;
        private final HealthIndicator health;

        Delegate(LocalBucketStore store, HealthIndicator health) {
            this.store = store;
            this.health = health;
        }

        @Override
        public io.pauz.api.bucket.ObjectInfo put(io.pauz.api.bucket.Bucket bucket, String key, java.io.InputStream data,
                io.pauz.api.bucket.PutOptions options) {
            return store.put(bucket, key, data, options);
        }

        @Override
        public java.util.Optional<io.pauz.api.bucket.StoredObject> get(io.pauz.api.bucket.Bucket bucket, String key) {
            return store.get(bucket, key);
        }

        @Override
        public java.util.Optional<io.pauz.api.bucket.ObjectInfo> head(io.pauz.api.bucket.Bucket bucket, String key) {
            return store.head(bucket, key);
        }

        @Override
        public io.pauz.api.bucket.ObjectPage list(io.pauz.api.bucket.Bucket bucket, String prefix, String cursor, int limit) {
            return store.list(bucket, prefix, cursor, limit);
        }

        @Override
        public boolean delete(io.pauz.api.bucket.Bucket bucket, String key) {
            return store.delete(bucket, key);
        }

        @Override
        public java.util.List<BucketUsage> usage() {
            return store.usage();
        }

        @Override
        public String name() {
            return health.name();
        }

        @Override
        public HealthStatus check() {
            return health.check();
        }
    }
}
