package io.pauz.sql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.sql.MigratedSchema;

/**
 * Extender: every active bundle with a {@value MigratedSchema#MIGRATIONS_HEADER} header has its
 * scripts applied by the {@link Migrator}, then gets a {@link MigratedSchema} service
 * ({@code pauz.schema=<symbolic name>}) its components wait for. A failed or edited script leaves the
 * bundle without that service and shows in health as {@code sql-migrations} DOWN.
 */
@Component(service = HealthIndicator.class, immediate = true)
public class MigrationExtender implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationExtender.class);
    private final BundleContext context;
    private final Migrator migrator;
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    /** One {@link MigratedSchema} per schema owner (symbolic name), however many of its revisions run. */
    private final Map<String, Schema> schemas = new HashMap<>();
    private final BundleTracker<String> tracker;

    /** The service of one owner's schema and the revisions of the owner that use it. */
    private static final class Schema {
        final ServiceRegistration<MigratedSchema> registration;
        final Set<Long> bundles = new HashSet<>();

        Schema(ServiceRegistration<MigratedSchema> registration) {
            this.registration = registration;
        }
    }

    @Activate
    public MigrationExtender(BundleContext context,
            @Reference(target = "(" + MigratedSchema.PROVIDER_PROPERTY + "=*)") DataSource dataSource) {
        this.context = context;
        this.migrator = new Migrator(dataSource);
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, null) {
            @Override
            public String addingBundle(Bundle bundle, BundleEvent event) {
                String folder = bundle.getHeaders("").get(MigratedSchema.MIGRATIONS_HEADER);
                return folder == null ? null : migrate(bundle, folder.trim());
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, String owner) {
                release(owner, bundle);
            }
        };
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    /**
     * Applies the bundle's scripts and makes its schema's service available. During a side-by-side update two revisions
     * of the owner run at once and share the one service: the new revision's components never bind to a service that
     * goes away with the old revision (a static reference would restart them right after they started).
     */
    private String migrate(Bundle bundle, String folder) {
        String owner = bundle.getSymbolicName();
        try {
            int version = migrator.migrate(owner, scripts(bundle, folder));
            failures.remove(owner);
            versions.put(owner, version);
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(MigratedSchema.SCHEMA_PROPERTY, owner);
            props.put("pauz.schema.version", version);
            LOG.info("Schema of {} is at version {}", owner, version);
            synchronized (schemas) {
                Schema schema = schemas.get(owner);
                if (schema == null) {
                    schema = new Schema(context.registerService(MigratedSchema.class, liveSchema(owner), props));
                    schemas.put(owner, schema);
                } else {
                    schema.registration.setProperties(props);
                }
                schema.bundles.add(bundle.getBundleId());
            }
            return owner;
        } catch (Migrator.MigrationException | IOException e) {
            failures.put(owner, e.getMessage());
            LOG.error("Migrations of {} failed: {}", owner, e.getMessage(), e);
            return null;
        }
    }

    /** The schema as migrated last: a new revision's scripts may move it on while the service stays. */
    private MigratedSchema liveSchema(String owner) {
        int registered = versions.get(owner);
        return new MigratedSchema() {
            @Override
            public String owner() {
                return owner;
            }

            @Override
            public int version() {
                return versions.getOrDefault(owner, registered);
            }
        };
    }

    /** The bundle stopped: its schema's service goes when no revision of the owner runs any more. */
    private void release(String owner, Bundle bundle) {
        synchronized (schemas) {
            Schema schema = schemas.get(owner);
            if (schema == null || !schema.bundles.remove(bundle.getBundleId()) || !schema.bundles.isEmpty()) {
                return;
            }
            schemas.remove(owner);
            versions.remove(owner);
            try {
                schema.registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the framework
            }
        }
    }

    static List<Migration> scripts(Bundle bundle, String folder) throws IOException {
        List<Migration> scripts = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries(folder, "*.sql", false);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            try (InputStream in = url.openStream()) {
                Migration.of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)).ifPresent(scripts::add);
            }
        }
        return scripts;
    }

    @Override
    public String name() {
        return "sql-migrations";
    }

    @Override
    public HealthStatus check() {
        Map<String, Object> details = new LinkedHashMap<>(versions);
        failures.forEach((owner, why) -> details.put(owner, "FAILED: " + why));
        return failures.isEmpty() ? new HealthStatus(HealthStatus.State.UP, "all schemas migrated", details)
                : new HealthStatus(HealthStatus.State.DOWN, failures.size() + " schema(s) failed to migrate", details);
    }
}
