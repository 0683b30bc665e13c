/**
 * Shared REST contract: the one error type every resource throws and the constants resources use
 * to join the PAUZ application. 1.1: {@link io.pauz.api.rest.PauzResource} and
 * {@link io.pauz.api.rest.PauzAdminResource}, which keep a resource out until the platform's extensions are in.
 * 1.2: {@link io.pauz.api.rest.RateLimitedException} (429 with {@code Retry-After}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.pauz.api.rest;
