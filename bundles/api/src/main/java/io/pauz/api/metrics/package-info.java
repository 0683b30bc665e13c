/**
 * Metrics: bundles contribute figures to {@code GET /api/v1/metrics} (Prometheus text format) by
 * registering a {@link io.pauz.api.metrics.MetricsContributor}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.metrics;
