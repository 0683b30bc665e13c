package io.pauz.rest.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.pauz.api.feature.FeatureInfo;
import io.pauz.api.feature.FeatureManager;
import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.platform.Bundles;
import io.pauz.api.rest.PauzResource;
import io.pauz.api.rest.Public;

/**
 * {@code GET /health}: overall status, every bundle and its state, features up/down, and each
 * {@link HealthIndicator}. DOWN (HTTP 503) when an indicator is down; DEGRADED when a bundle that
 * should run does not, or a feature is down. {@code /health/ready} and {@code /health/live} are the small answers
 * for load balancers and orchestrators.
 */
@Component(service = HealthResource.class)
@PauzResource
@Path("health")
@Public
public class HealthResource {
    private final BundleContext context;
    private final List<HealthIndicator> indicators = new CopyOnWriteArrayList<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FeatureManager features;

    @Activate
    public HealthResource(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addIndicator(HealthIndicator indicator) {
        indicators.add(indicator);
    }

    void removeIndicator(HealthIndicator indicator) {
        indicators.remove(indicator);
    }

    /** Checks run at most every half second however often health is polled (load balancers, monitors). */
    private static final long FRESH_NANOS = 500_000_000L;

    private record Snapshot(long at, int status, Map<String, Object> body) {
    }

    private final java.util.concurrent.atomic.AtomicReference<Snapshot> last = new java.util.concurrent.atomic.AtomicReference<>();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        Snapshot s = snapshot();
        return Response.status(s.status()).entity(s.body()).build();
    }

    /** {@code GET /health/ready}: the same verdict and status code as {@code /health}, without the detail (probes). */
    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        Snapshot s = snapshot();
        return Response.status(s.status()).entity(Map.of("status", s.body().get("status"))).build();
    }

    /** {@code GET /health/live}: 200 whenever the REST layer answers at all; runs no check (liveness probes). */
    @GET
    @Path("live")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> live() {
        return Map.of("status", "UP");
    }

    private Snapshot snapshot() {
        Snapshot s = last.get();
        long now = System.nanoTime();
        if (s == null || now - s.at() > FRESH_NANOS) {
            s = compute(now);
            last.set(s);
        }
        return s;
    }

    private Snapshot compute(long now) {
        HealthStatus.State overall = HealthStatus.State.UP;

        List<Map<String, Object>> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String state = Bundles.stateName(b);
            if (!Bundles.isFragment(b) && !state.equals("ACTIVE")) {
                overall = HealthStatus.State.DEGRADED;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", b.getBundleId());
            row.put("symbolicName", b.getSymbolicName());
            row.put("version", b.getVersion().toString());
            row.put("state", state);
            bundles.add(row);
        }

        List<Map<String, Object>> featureRows = new ArrayList<>();
        FeatureManager fm = features;
        if (fm != null) {
            for (FeatureInfo f : fm.features()) {
                if (f.state().equals("down")) {
                    overall = worst(overall, HealthStatus.State.DEGRADED);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", f.name());
                row.put("state", f.state());
                featureRows.add(row);
            }
        }

        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthIndicator indicator : indicators) {
            HealthStatus status;
            try {
                status = indicator.check();
            } catch (RuntimeException e) {
                status = HealthStatus.down("check failed: " + e);
            }
            overall = worst(overall, status.state());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", indicator.name());
            row.put("state", status.state().name());
            row.put("message", status.message());
            row.put("details", status.details());
            checks.add(row);
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", overall.name());
        body.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        body.put("checks", checks);
        body.put("features", featureRows);
        body.put("bundles", bundles);
        return new Snapshot(now, overall == HealthStatus.State.DOWN ? 503 : 200, body);
    }

    private static HealthStatus.State worst(HealthStatus.State a, HealthStatus.State b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

}
