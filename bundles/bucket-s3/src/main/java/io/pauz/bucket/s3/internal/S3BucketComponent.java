package io.pauz.bucket.s3.internal;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.bucket.BucketException;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;

/**
 * Offers the S3 bucket store while {@code io.pauz.storage} selects {@code bucket.provider=s3} and an
 * endpoint is configured; the local provider steps back at the same moment, consumers rebind.
 */
@Component(service = {}, immediate = true, configurationPid = { "io.pauz.storage", "io.pauz.bucket.s3" })
public class S3BucketComponent implements HealthIndicator {
    static final String PROVIDER = "s3";
    private static final Logger LOG = LoggerFactory.getLogger(S3BucketComponent.class);
    private final BundleContext context;
    private ServiceRegistration<?> store;
    private ServiceRegistration<HealthIndicator> health;
    private volatile String state = "not selected";
    private volatile S3BucketStore active;
    private volatile String endpoint = "";

    @Activate
    public S3BucketComponent(BundleContext context, S3BucketConfig config) {
        this.context = context;
        apply(config);
    }

    @Modified
    synchronized void apply(S3BucketConfig config) {
        unregister();
        if (!PROVIDER.equals(config.bucket_provider().trim())) {
            state = "not selected";
            return;
        }
        endpoint = config.endpoint();
        health = context.registerService(HealthIndicator.class, this, null);
        if (config.endpoint().isBlank()) {
            state = "selected but no endpoint configured";
            return;
        }
        try {
            S3BucketStore s3 = new S3BucketStore(S3Clients.create(config.endpoint(), config.region(), config.access_key(),
                    config.secret_key(), config.path_style(), Duration.ofMillis(config.timeout_ms())),
                    config.bucket_prefix(), config.create_buckets());
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(BucketStore.PROVIDER_PROPERTY, PROVIDER);
            store = context.registerService(BucketStore.class, s3, props);
            active = s3;
            state = "up";
            LOG.info("SmartBucket: S3 at {}", config.endpoint());
        } catch (BucketException | IllegalArgumentException e) {
            state = "cannot use " + config.endpoint() + ": " + e.getMessage();
            LOG.error("SmartBucket S3: {}", state);
        }
    }

    @Deactivate
    synchronized void unregister() {
        active = null;
        for (ServiceRegistration<?> r : new ServiceRegistration<?>[] { store, health }) {
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // stopping
                }
            }
        }
        store = null;
        health = null;
    }

    @Override
    public String name() {
        return "bucket-s3";
    }

    @Override
    public HealthStatus check() {
        S3BucketStore s3 = active;
        if (s3 == null || !state.equals("up")) {
            return new HealthStatus(HealthStatus.State.DOWN, state, Map.of("endpoint", endpoint));
        }
        S3BucketStore.Outcome outcome = s3.health();
        long ageMillis = (System.nanoTime() - outcome.at()) / 1_000_000;
        return new HealthStatus(outcome.state(), outcome.message(),
                Map.of("endpoint", endpoint, "lastCallMillisAgo", ageMillis));
    }
}
