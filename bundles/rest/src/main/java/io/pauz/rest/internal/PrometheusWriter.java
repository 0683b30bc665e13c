package io.pauz.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pauz.api.metrics.MetricsWriter;

/** Prometheus text exposition format 0.0.4: samples grouped by name under one HELP and TYPE. */
final class PrometheusWriter implements MetricsWriter {
    private record Family(String help, String type, List<String> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    @Override
    public void counter(String name, String help, Map<String, String> labels, double value) {
        add(name, help, "counter", labels, value);
    }

    @Override
    public void gauge(String name, String help, Map<String, String> labels, double value) {
        add(name, help, "gauge", labels, value);
    }

    /** A histogram sample line (bucket, sum or count) under the family {@code base}. */
    void histogramSample(String base, String help, String sampleName, Map<String, String> labels, double value) {
        families.computeIfAbsent(base, n -> new Family(help, "histogram", new ArrayList<>()))
                .samples().add(sampleName + labels(labels) + " " + format(value));
    }

    private void add(String name, String help, String type, Map<String, String> labels, double value) {
        families.computeIfAbsent(name, n -> new Family(help, type, new ArrayList<>()))
                .samples().add(name + labels(labels) + " " + format(value));
    }

    private static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        labels.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        });
        return sb.append('}').toString();
    }

    private static String format(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        families.forEach((name, f) -> {
            sb.append("# HELP ").append(name).append(' ').append(f.help()).append('\n');
            sb.append("# TYPE ").append(name).append(' ').append(f.type()).append('\n');
            f.samples().forEach(s -> sb.append(s).append('\n'));
        });
        return sb.toString();
    }
}
