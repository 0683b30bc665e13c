package io.pauz.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/** Writes a bundle's figures on every scrape of {@code /api/v1/metrics}. Must be fast and not block. */
@ConsumerType
public interface MetricsContributor {
    void contribute(MetricsWriter writer);
}
