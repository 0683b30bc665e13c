/**
 * Features: named groups of bundles and default configuration that operators install and remove at runtime.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.feature;
