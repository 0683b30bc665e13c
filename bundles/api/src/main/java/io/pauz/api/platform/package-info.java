/**
 * Facts about the running platform that every bundle may need (data directory, public URL), and how bundles are
 * reported and updated (1.1: {@link io.pauz.api.platform.Bundles#UPDATE_HEADER} side-by-side updates).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.pauz.api.platform;
