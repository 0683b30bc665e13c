package io.pauz.api.metrics;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Collects samples in Prometheus terms. Names are {@code snake_case} with a {@code pauz_} prefix;
 * counters end in {@code _total}. Samples of one name may come with different labels.
 */
@ProviderType
public interface MetricsWriter {
    /** A value that only grows (calls, hits, bytes written). */
    void counter(String name, String help, Map<String, String> labels, double value);

    /** A value that goes up and down (entries, queue length, bytes stored). */
    void gauge(String name, String help, Map<String, String> labels, double value);
}
