package io.pauz.plugins.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.metrics.MetricsContributor;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.plugins.internal.PluginViews.PluginView;
import io.pauz.support.DaemonThreads;

/**
 * Watches the plugins folder (PID {@code io.pauz.plugins}) on one thread, and reports the plugins: health is
 * DEGRADED, never DOWN, while a plugin is broken, since the platform itself still serves.
 */
@Component(service = { PluginHost.class, HealthIndicator.class, MetricsContributor.class }, immediate = true,
        configurationPid = "io.pauz.plugins", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PluginsConfig.class)
public class PluginHost implements HealthIndicator, MetricsContributor {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final BundleContext context;
    private final String systemVersion;
    private final ScheduledExecutorService scanner;
    private volatile PluginFolder folder;
    private volatile long pollMillis;

    @Activate
    public PluginHost(BundleContext context, PluginsConfig config) {
        this.context = context;
        Version v = context.getBundle().getVersion();
        // Plugin-Requires is checked against this, e.g. ">=0.1.0"
        this.systemVersion = v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
        this.scanner = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("pauz-plugins"));
        apply(config);
    }

    @Modified
    void modified(PluginsConfig config) {
        apply(config);
    }

    /** Runs on the scanner thread, so a scan never overlaps a change of folder. */
    private void apply(PluginsConfig config) {
        Path dir = Path.of(config.dir().isBlank() ? "plugins" : config.dir().strip()).toAbsolutePath().normalize();
        long poll = Math.max(50, config.poll_millis());
        scanner.execute(() -> {
            PluginFolder current = folder;
            if (current == null || !current.dir().equals(dir)) {
                if (current != null) {
                    LOG.info("plugin folder changes from {} to {}: unloading its plugins", current.dir(), dir);
                    current.close();
                }
                folder = new PluginFolder(context, dir, systemVersion);
                LOG.info("watching plugin folder {} every {} ms", dir, poll);
            }
            if (poll != pollMillis) {
                pollMillis = poll;
                scheduleNext(poll);
            }
        });
    }

    private volatile java.util.concurrent.ScheduledFuture<?> next;

    private void scheduleNext(long poll) {
        if (next != null) {
            next.cancel(false);
        }
        next = scanner.scheduleWithFixedDelay(this::scanSafely, 0, poll, TimeUnit.MILLISECONDS);
    }

    private void scanSafely() {
        PluginFolder f = folder;
        if (f == null) {
            return;
        }
        try {
            f.scan();
        } catch (RuntimeException | LinkageError e) {
            // A scan must never kill the schedule; the next one tries again.
            LOG.error("scanning plugin folder {} failed", f.dir(), e);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        scanner.shutdownNow();
        if (!scanner.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("plugin scanner did not stop within 10 s");
        }
        PluginFolder f = folder;
        folder = null;
        if (f != null) {
            f.close();
        }
    }

    /** The folder watched and every jar in it, for {@code GET /admin/plugins}. */
    public PluginViews.Listing listing() {
        PluginFolder f = folder;
        List<PluginView> views = new ArrayList<>();
        if (f != null) {
            f.plugins().forEach(p -> views.add(PluginViews.of(p)));
        }
        return new PluginViews.Listing(f == null ? null : f.dir().toString(), views);
    }

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public HealthStatus check() {
        PluginFolder f = folder;
        if (f == null) {
            return HealthStatus.up("plugin host starting");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> broken = new ArrayList<>();
        for (LoadedPlugin p : f.plugins()) {
            LoadedPlugin.State state = p.state();
            details.put(p.file.getFileName().toString(), p.label() + " " + state);
            if (state != LoadedPlugin.State.ACTIVE) {
                broken.add(p.label() + " (" + state + ")");
            }
        }
        if (!broken.isEmpty()) {
            return new HealthStatus(HealthStatus.State.DEGRADED, "broken plugins: " + String.join(", ", broken), details);
        }
        return new HealthStatus(HealthStatus.State.UP, details.size() + " plugin(s) active in " + f.dir(), details);
    }

    @Override
    public void contribute(MetricsWriter writer) {
        PluginFolder f = folder;
        if (f == null) {
            return;
        }
        for (LoadedPlugin p : f.plugins()) {
            Map<String, String> labels = Map.of("plugin", p.label(), "file", p.file.getFileName().toString());
            writer.counter("pauz_plugin_errors_total", "Failures of a PF4J plugin: loading it or calls into its code",
                    labels, p.errorCount());
            writer.gauge("pauz_plugin_services", "OSGi services a PF4J plugin provides", labels, p.services.size());
        }
    }
}
