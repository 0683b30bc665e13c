package io.pauz.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketException;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.BucketUsage;
import io.pauz.api.bucket.ObjectInfo;
import io.pauz.api.bucket.ObjectPage;
import io.pauz.api.bucket.PutOptions;
import io.pauz.api.bucket.StoredObject;

public class AwaitedBucketStoreTest {

    /** Answers {@code delete} with true, as a provider that had the object. */
    private static class Provider implements BucketStore {
        @Override
        public ObjectInfo put(Bucket bucket, String key, InputStream data, PutOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StoredObject> get(Bucket bucket, String key) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectInfo> head(Bucket bucket, String key) {
            return Optional.empty();
        }

        @Override
        public ObjectPage list(Bucket bucket, String prefix, String cursor, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(Bucket bucket, String key) {
            return true;
        }

        @Override
        public List<BucketUsage> usage() {
            return List.of();
        }
    }

    @Test
    public void aCallDuringAProviderUpdateWaitsForTheNextProvider() throws Exception {
        AtomicReference<BucketStore> provider = new AtomicReference<>();
        BucketStore store = new AwaitedBucketStore(provider::get);
        Thread update = new Thread(() -> {
            try {
                Thread.sleep(20); // within the grace (50 ms in unit tests)
            } catch (InterruptedException e) {
                return;
            }
            provider.set(new Provider());
        });
        update.start();
        assertTrue(store.delete(Bucket.MEDIA_STORAGE, "exports/a/b.pdf"));
        update.join();
    }

    /** A call that reached the old provider as it stopped is refused untouched (CLOSED) and made on the new one. */
    @Test
    public void aCallRefusedByAStoppingProviderIsMadeOnTheNextOne() {
        Provider next = new Provider();
        BucketStore stopping = new Provider() {
            @Override
            public boolean delete(Bucket bucket, String key) {
                throw new BucketException(BucketException.Reason.CLOSED, "stopped");
            }
        };
        AtomicReference<BucketStore> provider = new AtomicReference<>(stopping);
        BucketStore store = new AwaitedBucketStore(() -> {
            BucketStore now = provider.get();
            provider.set(next); // the update replaces it right after this call obtained it
            return now;
        });
        assertTrue(store.delete(Bucket.MEDIA_STORAGE, "exports/a/b.pdf"));
    }

    @Test
    public void withoutAProviderACallFailsAsAnOutage() {
        BucketStore store = new AwaitedBucketStore(() -> null);
        try {
            store.get(Bucket.MEDIA_STORAGE, "exports/a/b.pdf");
            fail();
        } catch (BucketException e) {
            assertEquals(BucketException.Reason.UNAVAILABLE, e.reason());
        }
    }
}
