package io.pauz.support;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketException;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.BucketUsage;
import io.pauz.api.bucket.ObjectInfo;
import io.pauz.api.bucket.ObjectPage;
import io.pauz.api.bucket.PutOptions;
import io.pauz.api.bucket.StoredObject;

/**
 * The bucket provider of the moment, for a component that holds its {@link BucketStore} reference dynamically: when
 * the provider is updated or switched (fs to s3), the component stays active and a call made meanwhile waits for the
 * next provider ({@link Awaited}), then fails as a provider outage would ({@link BucketException.Reason#UNAVAILABLE},
 * a 503) if none came. Components that held the provider statically were stopped and started again with it, every
 * feature at once.
 */
public final class AwaitedBucketStore implements BucketStore {
    private final Supplier<BucketStore> current;

    /** {@code current}: the dynamic reference's field, e.g. {@code () -> bucketProvider}. */
    public AwaitedBucketStore(Supplier<BucketStore> current) {
        this.current = current;
    }

    private BucketStore store() {
        BucketStore store = Awaited.service(current);
        if (store == null) {
            throw new BucketException(BucketException.Reason.UNAVAILABLE, "no bucket provider is available");
        }
        return store;
    }

    @Override
    public ObjectInfo put(Bucket bucket, String key, InputStream data, PutOptions options) {
        return store().put(bucket, key, data, options);
    }

    @Override
    public Optional<StoredObject> get(Bucket bucket, String key) {
        return store().get(bucket, key);
    }

    @Override
    public Optional<ObjectInfo> head(Bucket bucket, String key) {
        return store().head(bucket, key);
    }

    @Override
    public ObjectPage list(Bucket bucket, String prefix, String cursor, int limit) {
        return store().list(bucket, prefix, cursor, limit);
    }

    @Override
    public boolean delete(Bucket bucket, String key) {
        return store().delete(bucket, key);
    }

    @Override
    public List<BucketUsage> usage() {
        return store().usage();
    }
}
