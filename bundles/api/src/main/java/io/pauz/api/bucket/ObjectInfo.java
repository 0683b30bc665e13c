package io.pauz.api.bucket;

import java.time.Instant;
import java.util.Map;

/**
 * Description of a stored object.
 *
 * @param sha256 hex SHA-256 of the content, computed by the store while writing
 */
public record ObjectInfo(Bucket bucket, String key, long size, String contentType, String sha256,
        Instant lastModified, Map<String, String> userMetadata) {
    public ObjectInfo {
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    }
}
