package io.pauz.support;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
 * a 503) if none came. A call that reached a provider as it stopped, and was refused by it untouched
 * ({@link BucketException.Reason#CLOSED}), is made again on the next one. Components that held the provider
 * statically were stopped and started again with it, every feature at once.
 */
public final class AwaitedBucketStore implements BucketStore {
    /** A provider is replaced once per update; more refusals in a row mean something else is wrong. */
    private static final int MAX_ATTEMPTS = 3;
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

    /** The call on the provider of the moment; again on the next one while a stopping provider refuses it. */
    private <T> T call(Function<BucketStore, T> call) {
        for (int attempt = 1;; attempt++) {
            try {
                return call.apply(store());
            } catch (BucketException e) {
                if (e.reason() != BucketException.Reason.CLOSED || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public ObjectInfo put(Bucket bucket, String key, InputStream data, PutOptions options) {
        return call(s -> s.put(bucket, key, data, options));
    }

    @Override
    public Optional<StoredObject> get(Bucket bucket, String key) {
        return call(s -> s.get(bucket, key));
    }

    @Override
    public Optional<ObjectInfo> head(Bucket bucket, String key) {
        return call(s -> s.head(bucket, key));
    }

    @Override
    public ObjectPage list(Bucket bucket, String prefix, String cursor, int limit) {
        return call(s -> s.list(bucket, prefix, cursor, limit));
    }

    @Override
    public boolean delete(Bucket bucket, String key) {
        return call(s -> s.delete(bucket, key));
    }

    @Override
    public List<BucketUsage> usage() {
        return call(BucketStore::usage);
    }
}
