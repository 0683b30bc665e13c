package io.pauz.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.platform.PlatformInfo;

/**
 * Provides {@link PlatformInfo} and prints where PAUZ can be reached each time the HTTP endpoint
 * comes up or moves (a port change in config/ restarts Jetty on the new port).
 *
 * <p>Requires its configuration: without it, storage would open its files under a default directory
 * before config/ (and PAUZ_DATA) is read. A change re-registers the service, so storage providers
 * restart on the new directory.
 */
@Component(configurationPid = "io.pauz.platform", configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = PlatformConfig.class)
public class PlatformComponent implements PlatformInfo {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformComponent.class);
    private final String version;
    private volatile Path dataDirectory;
    private volatile String configuredUrl;
    private volatile String endpointUrl;

    /** SIGTERM stops the framework, so every component (Derby above all) shuts down cleanly. */
    private final Thread shutdownHook;

    @Activate
    public PlatformComponent(BundleContext context, PlatformConfig config) {
        this.version = context.getBundle().getVersion().toString();
        configure(config);
        org.osgi.framework.Bundle framework = context.getBundle(0);
        shutdownHook = new Thread(() -> {
            try {
                framework.stop();
                framework.adapt(org.osgi.framework.launch.Framework.class).waitForStop(30_000);
            } catch (Exception e) {
                // the JVM is going down either way
            }
        }, "pauz-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // running from the hook itself
        }
    }

    private void configure(PlatformConfig config) {
        Path dir = Path.of(config.data_dir()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        dataDirectory = dir;
        configuredUrl = config.public_url().isBlank() ? null : stripSlash(config.public_url().trim());
        LOG.info("PAUZ data directory: {}", dir);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "httpRuntimeUpdated")
    void bindHttpRuntime(HttpServiceRuntime runtime, Map<String, Object> properties) {
        httpRuntimeUpdated(runtime, properties);
    }

    void httpRuntimeUpdated(HttpServiceRuntime runtime, Map<String, Object> properties) {
        String endpoint = firstEndpoint(properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT));
        if (endpoint == null || endpoint.equals(endpointUrl)) {
            return;
        }
        endpointUrl = endpoint;
        // The one line operators look for; stdout so it shows whatever the log configuration.
        System.out.println("PAUZ is up: " + baseUrl() + "/  (health: " + baseUrl() + "/api/v1/health)");
    }

    void unbindHttpRuntime(HttpServiceRuntime runtime) {
        endpointUrl = null;
    }

    /**
     * Jetty bound to all interfaces lists one endpoint per address; a person wants localhost then.
     */
    private static String firstEndpoint(Object value) {
        List<String> endpoints = value instanceof String[] arr ? List.of(arr)
                : value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList()
                : value == null ? List.of() : List.of(value.toString());
        if (endpoints.isEmpty()) {
            return null;
        }
        URI first = URI.create(endpoints.get(0));
        boolean wildcard = endpoints.size() > 1 || "0.0.0.0".equals(first.getHost())
                || "127.0.0.1".equals(first.getHost());
        return wildcard ? first.getScheme() + "://localhost:" + first.getPort() : stripSlash(first.toString());
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public String baseUrl() {
        String configured = configuredUrl;
        if (configured != null) {
            return configured;
        }
        String endpoint = endpointUrl;
        return endpoint != null ? endpoint : "http://localhost:8080";
    }

    @Override
    public String version() {
        return version;
    }
}
