package io.pauz.guided.internal;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketException;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.BucketUsage;
import io.pauz.api.bucket.ObjectInfo;
import io.pauz.api.bucket.ObjectPage;
import io.pauz.api.bucket.PutOptions;
import io.pauz.api.bucket.StoredObject;

/** The real store, except that while armed every put into one folder fails as a full disk would. */
final class FailingStore implements BucketStore {
    private final BucketStore real;
    private final String failingFolder;
    volatile boolean armed;

    FailingStore(BucketStore real, String failingFolder) {
        this.real = real;
        this.failingFolder = failingFolder;
    }

    static UnaryOperator<BucketStore> wrap(String folder) {
        return real -> new FailingStore(real, folder);
    }

    @Override
    public ObjectInfo put(Bucket bucket, String key, InputStream data, PutOptions options) {
        if (armed && key.startsWith(failingFolder)) {
            throw new BucketException(BucketException.Reason.NO_SPACE, "test: disk full");
        }
        return real.put(bucket, key, data, options);
    }

    @Override
    public Optional<StoredObject> get(Bucket bucket, String key) {
        return real.get(bucket, key);
    }

    @Override
    public Optional<ObjectInfo> head(Bucket bucket, String key) {
        return real.head(bucket, key);
    }

    @Override
    public ObjectPage list(Bucket bucket, String prefix, String cursor, int limit) {
        return real.list(bucket, prefix, cursor, limit);
    }

    @Override
    public boolean delete(Bucket bucket, String key) {
        return real.delete(bucket, key);
    }

    @Override
    public List<BucketUsage> usage() {
        return real.usage();
    }
}
