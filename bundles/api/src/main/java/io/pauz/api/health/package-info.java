/**
 * Health indicators: each provider or feature reports its own state to GET /api/v1/health.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.health;
