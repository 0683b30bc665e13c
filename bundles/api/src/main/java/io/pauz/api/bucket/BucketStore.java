package io.pauz.api.bucket;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * SmartBucket: an object store holding the eight {@link Bucket}s.
 *
 * <p>Every method validates its key with {@link ObjectKeys#validate(String)} first; an invalid key
 * fails with {@link BucketException.Reason#INVALID_KEY} and touches nothing. A {@code put} is atomic:
 * readers see the old object or the whole new one, never a part. Service property
 * {@value #PROVIDER_PROPERTY} names the backend (e.g. {@code fs}, {@code s3}).
 */
@ProviderType
public interface BucketStore {

    /** Service property naming the backend behind this store. */
    String PROVIDER_PROPERTY = "pauz.bucket.provider";

    /** Stores {@code data} under {@code key}, replacing any object there, and returns its description. */
    ObjectInfo put(Bucket bucket, String key, InputStream data, PutOptions options);

    /** Convenience for small objects already in memory. */
    default ObjectInfo put(Bucket bucket, String key, byte[] data, String contentType) {
        return put(bucket, key, new java.io.ByteArrayInputStream(data), PutOptions.of(contentType));
    }

    /** The object with its content; the caller closes the stream. Empty if there is none. */
    Optional<StoredObject> get(Bucket bucket, String key);

    /** The object's description without its content. */
    Optional<ObjectInfo> head(Bucket bucket, String key);

    /**
     * One page of the objects whose key starts with {@code prefix}, in key order.
     *
     * @param cursor {@code null} for the first page, else {@link ObjectPage#nextCursor()} of the previous page
     * @param limit  at most this many objects (1..1000)
     */
    ObjectPage list(Bucket bucket, String prefix, String cursor, int limit);

    /** Removes the object; {@code false} if there was none. */
    boolean delete(Bucket bucket, String key);

    /** Objects, bytes and quota use of every bucket. */
    List<BucketUsage> usage();
}
