/**
 * Facts about the running platform that every bundle may need (data directory, public URL).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.platform;
