package io.pauz.api.platform;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** Where the platform keeps its data and how it is reached. Values follow configuration changes; read them when needed. */
@ProviderType
public interface PlatformInfo {
    /** Root of all data (buckets, database, job state); {@code PAUZ_DATA} or config, default {@code ./data}. */
    Path dataDirectory();

    /** The URL clients use, e.g. {@code http://localhost:8080}. */
    String baseUrl();

    /** Platform version. */
    String version();
}
