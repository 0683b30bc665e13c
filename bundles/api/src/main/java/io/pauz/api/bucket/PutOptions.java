package io.pauz.api.bucket;

import java.util.Map;

/**
 * How to store an object.
 *
 * @param contentType  media type recorded with the object
 * @param userMetadata small string pairs stored with the object (keys: lower-case letters, digits, {@code -})
 */
public record PutOptions(String contentType, Map<String, String> userMetadata) {
    public PutOptions {
        contentType = contentType == null ? "application/octet-stream" : contentType;
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    }

    public static PutOptions of(String contentType) {
        return new PutOptions(contentType, Map.of());
    }
}
