package io.pauz.sql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final BundleTracker<ServiceRegistration<MigratedSchema>> tracker;

    @Activate
    public MigrationExtender(BundleContext context,
            @Reference(target = "(" + MigratedSchema.PROVIDER_PROPERTY + "=*)") DataSource dataSource) {
        this.context = context;
        this.migrator = new Migrator(dataSource);
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, null) {
            @Override
            public ServiceRegistration<MigratedSchema> addingBundle(Bundle bundle, BundleEvent event) {
                String folder = bundle.getHeaders("").get(MigratedSchema.MIGRATIONS_HEADER);
                return folder == null ? null : migrate(bundle, folder.trim());
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, ServiceRegistration<MigratedSchema> registration) {
                versions.remove(bundle.getSymbolicName());
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // unregistered with the framework
                }
            }
        };
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    private ServiceRegistration<MigratedSchema> migrate(Bundle bundle, String folder) {
        String owner = bundle.getSymbolicName();
        try {
            int version = migrator.migrate(owner, scripts(bundle, folder));
            failures.remove(owner);
            versions.put(owner, version);
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(MigratedSchema.SCHEMA_PROPERTY, owner);
            props.put("pauz.schema.version", version);
            LOG.info("Schema of {} is at version {}", owner, version);
            return context.registerService(MigratedSchema.class, Migrations.schema(owner, version), props);
        } catch (Migrator.MigrationException | IOException e) {
            failures.put(owner, e.getMessage());
            LOG.error("Migrations of {} failed: {}", owner, e.getMessage(), e);
            return null;
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
