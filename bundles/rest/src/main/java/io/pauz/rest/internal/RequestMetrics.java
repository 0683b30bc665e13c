package io.pauz.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Counts requests and their latency per route template ({@code /journal/entries/{id}}, never the raw
 * path, so metrics stay small), method and status class.
 */
@Component(service = { ContainerResponseFilter.class, RequestMetrics.class })
@JakartarsExtension
@JakartarsName("pauz.metrics.requests")
public class RequestMetrics implements ContainerResponseFilter {
    static final double[] BUCKETS = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

    record Key(String method, String route, String status) {
    }

    static final class Series {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void record(long elapsed) {
            count.increment();
            nanos.add(elapsed);
            double seconds = elapsed / 1e9;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i].increment();
                }
            }
        }
    }

    private final Map<Key, Series> series = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(AccessLogFilter.START);
        if (!(start instanceof Long s)) {
            return;
        }
        String route = route(request);
        Key key = new Key(method(request.getMethod()), route, (response.getStatus() / 100) + "xx");
        series.computeIfAbsent(key, k -> new Series()).record(System.nanoTime() - s);
    }

    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS");

    /** The method is the client's free text: any unknown one is "OTHER", so no client can grow the series. */
    static String method(String method) {
        return method != null && METHODS.contains(method) ? method : "OTHER";
    }

    private static String route(ContainerRequestContext request) {
        if (request.getUriInfo() instanceof ExtendedUriInfo info) {
            List<UriTemplate> templates = info.getMatchedTemplates();
            if (!templates.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (int i = templates.size() - 1; i >= 0; i--) {
                    String t = templates.get(i).getTemplate();
                    if (!t.isEmpty() && !t.equals("/")) {
                        sb.append(t.startsWith("/") ? "" : "/").append(t);
                    }
                }
                return sb.toString().replaceAll("/+", "/").replaceAll("(?<=.)/$", "");
            }
        }
        return "unmatched";
    }

    void write(PrometheusWriter writer) {
        String base = "pauz_http_request_duration_seconds";
        String help = "Latency of API requests by route, method and status class";
        series.forEach((key, s) -> {
            Map<String, String> labels = Map.of("method", key.method(), "route", key.route(), "status", key.status());
            writer.counter("pauz_http_requests_total", "API requests by route, method and status class", labels,
                    s.count.sum());
            for (int i = 0; i < BUCKETS.length; i++) {
                writer.histogramSample(base, help, base + "_bucket", withLe(labels, Double.toString(BUCKETS[i])),
                        s.buckets[i].sum());
            }
            writer.histogramSample(base, help, base + "_bucket", withLe(labels, "+Inf"), s.count.sum());
            writer.histogramSample(base, help, base + "_sum", labels, s.nanos.sum() / 1e9);
            writer.histogramSample(base, help, base + "_count", labels, s.count.sum());
        });
    }

    /**
     * Totals for the operator summary: requests, 4xx and 5xx answers, mean latency, and the busiest routes. Reads
     * only the in-memory counters, so it costs next to nothing.
     */
    Map<String, Object> summary(int topRoutes) {
        long total = 0;
        long client = 0;
        long server = 0;
        long nanos = 0;
        Map<String, long[]> routes = new java.util.TreeMap<>();
        for (Map.Entry<Key, Series> e : series.entrySet()) {
            long n = e.getValue().count.sum();
            long t = e.getValue().nanos.sum();
            total += n;
            nanos += t;
            if (e.getKey().status().equals("4xx")) {
                client += n;
            } else if (e.getKey().status().equals("5xx")) {
                server += n;
            }
            long[] r = routes.computeIfAbsent(e.getKey().method() + " " + e.getKey().route(), k -> new long[2]);
            r[0] += n;
            r[1] += t;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("total", total);
        out.put("clientErrors", client);
        out.put("serverErrors", server);
        out.put("meanMillis", total == 0 ? 0 : Math.round(nanos / 1e4 / total) / 100.0);
        List<Map<String, Object>> busiest = new java.util.ArrayList<>();
        routes.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(topRoutes)
                .forEach(e -> {
                    Map<String, Object> r = new java.util.LinkedHashMap<>();
                    r.put("route", e.getKey());
                    r.put("requests", e.getValue()[0]);
                    r.put("meanMillis", Math.round(e.getValue()[1] / 1e4 / e.getValue()[0]) / 100.0);
                    busiest.add(r);
                });
        out.put("busiestRoutes", busiest);
        return out;
    }

    private static Map<String, String> withLe(Map<String, String> labels, String le) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(labels);
        copy.put("le", le);
        return copy;
    }
}
