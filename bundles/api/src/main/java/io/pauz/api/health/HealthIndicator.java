package io.pauz.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/** Reports the state of one provider or feature; listed by {@code GET /api/v1/health}. Must answer fast. */
@ConsumerType
public interface HealthIndicator {
    String name();

    HealthStatus check();
}
