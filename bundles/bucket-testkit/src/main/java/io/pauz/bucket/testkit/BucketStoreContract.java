package io.pauz.bucket.testkit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Test;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketException;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.BucketUsage;
import io.pauz.api.bucket.ObjectInfo;
import io.pauz.api.bucket.ObjectKeys;
import io.pauz.api.bucket.ObjectPage;
import io.pauz.api.bucket.PutOptions;
import io.pauz.api.bucket.StoredObject;

/**
 * The {@link BucketStore} contract. A provider's test extends this and returns a fresh, empty store;
 * every provider runs exactly these tests.
 */
public abstract class BucketStoreContract {

    /** A fresh store with no objects. */
    protected abstract BucketStore store() throws Exception;

    /** Hook for providers that can also check their backing storage was not touched by a bad key. */
    protected void assertNothingWrittenOutsideBuckets() throws Exception {
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    public void roundTripKeepsContentTypeMetadataSizeAndChecksum() throws Exception {
        BucketStore s = store();
        byte[] data = bytes("Dear diary, héllo ✓");
        ObjectInfo put = s.put(Bucket.FREE_JOURNALS, "text-entries/u1/e1.txt", new ByteArrayInputStream(data),
                new PutOptions("text/plain; charset=utf-8", Map.of("entry-id", "e1")));
        assertEquals(data.length, put.size());
        assertEquals(sha256(data), put.sha256());
        try (StoredObject got = s.get(Bucket.FREE_JOURNALS, "text-entries/u1/e1.txt").orElseThrow()) {
            assertArrayEquals(data, got.content().readAllBytes());
            assertEquals("text/plain;charset=utf-8", mediaType(got.info().contentType()));
            assertEquals(Map.of("entry-id", "e1"), got.info().userMetadata());
            assertEquals(sha256(data), got.info().sha256());
            assertEquals(data.length, got.info().size());
        }
        ObjectInfo head = s.head(Bucket.FREE_JOURNALS, "text-entries/u1/e1.txt").orElseThrow();
        assertEquals(put.sha256(), head.sha256());
        assertNotNull(head.lastModified());
        assertTrue(s.get(Bucket.FREE_JOURNALS, "text-entries/u1/missing.txt").isEmpty());
        assertTrue(s.head(Bucket.FREE_JOURNALS, "text-entries/u1/missing.txt").isEmpty());
        assertTrue("buckets are separate", s.get(Bucket.MEDIA_STORAGE, "text-entries/u1/e1.txt").isEmpty());
    }

    @Test
    public void overwriteReplacesTheWholeObject() throws Exception {
        BucketStore s = store();
        s.put(Bucket.AI_PROMPTS, "writing-hints/a", bytes("a much longer first version"), "text/plain");
        s.put(Bucket.AI_PROMPTS, "writing-hints/a", bytes("short"), "text/markdown");
        try (StoredObject o = s.get(Bucket.AI_PROMPTS, "writing-hints/a").orElseThrow()) {
            assertEquals("short", new String(o.content().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("text/markdown", o.info().contentType());
        }
    }

    @Test
    public void keyAndLongerKeysBelowItCoexist() throws Exception {
        BucketStore s = store();
        s.put(Bucket.GARDEN_SYSTEM, "user-gardens/u1", bytes("file"), "text/plain");
        s.put(Bucket.GARDEN_SYSTEM, "user-gardens/u1/state.json", bytes("{}"), "application/json");
        assertEquals("file", new String(s.get(Bucket.GARDEN_SYSTEM, "user-gardens/u1").orElseThrow().readAllBytes()));
        assertEquals("{}", new String(s.get(Bucket.GARDEN_SYSTEM, "user-gardens/u1/state.json").orElseThrow().readAllBytes()));
    }

    @Test
    public void listsByPrefixInKeyOrderAcrossPages() throws Exception {
        BucketStore s = store();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String key = String.format("text-entries/u1/%03d.txt", 24 - i);
            s.put(Bucket.FREE_JOURNALS, key, bytes("e" + i), "text/plain");
        }
        for (int i = 0; i < 25; i++) {
            expected.add(String.format("text-entries/u1/%03d.txt", i));
        }
        s.put(Bucket.FREE_JOURNALS, "text-entries/u2/000.txt", bytes("other user"), "text/plain");
        s.put(Bucket.FREE_JOURNALS, "voice-recordings/u1/000.wav", bytes("RIFF"), "audio/wav");

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ObjectPage page = s.list(Bucket.FREE_JOURNALS, "text-entries/u1/", cursor, 10);
            page.objects().forEach(o -> listed.add(o.key()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(expected, listed);
        assertEquals(3, pages);

        ObjectPage partial = s.list(Bucket.FREE_JOURNALS, "text-entries/u1/00", null, 100);
        assertEquals(10, partial.objects().size());
        assertNull(partial.nextCursor());
        assertEquals(27, s.list(Bucket.FREE_JOURNALS, "", null, 1000).objects().size());
        assertTrue(s.list(Bucket.FREE_JOURNALS, "text-entries/nobody/", null, 10).objects().isEmpty());
    }

    @Test
    public void deleteRemovesOnlyThatObject() throws Exception {
        BucketStore s = store();
        s.put(Bucket.MEDIA_STORAGE, "pdf-exports/u1/a.pdf", bytes("%PDF-a"), "application/pdf");
        s.put(Bucket.MEDIA_STORAGE, "pdf-exports/u1/b.pdf", bytes("%PDF-b"), "application/pdf");
        assertTrue(s.delete(Bucket.MEDIA_STORAGE, "pdf-exports/u1/a.pdf"));
        assertFalse(s.delete(Bucket.MEDIA_STORAGE, "pdf-exports/u1/a.pdf"));
        assertTrue(s.get(Bucket.MEDIA_STORAGE, "pdf-exports/u1/a.pdf").isEmpty());
        assertTrue(s.get(Bucket.MEDIA_STORAGE, "pdf-exports/u1/b.pdf").isPresent());
    }

    @Test
    public void everyBadKeyIsRejectedAndTouchesNothing() throws Exception {
        BucketStore s = store();
        String[] bad = { "", "/etc/passwd", "text-entries/../../x", "..", "a/./b", "a//b", "a/", "a\\b", "a\u0000b",
                "text-entries/u1/%2e%2e/x y", "x".repeat(ObjectKeys.MAX_LENGTH + 1), "ü", "a/b~o",
                "text-entries/" + "s".repeat(ObjectKeys.MAX_SEGMENT + 1) + "/x" };
        for (String key : bad) {
            for (Runnable op : List.<Runnable>of(
                    () -> s.put(Bucket.FREE_JOURNALS, key, bytes("x"), "text/plain"),
                    () -> s.get(Bucket.FREE_JOURNALS, key),
                    () -> s.head(Bucket.FREE_JOURNALS, key),
                    () -> s.delete(Bucket.FREE_JOURNALS, key))) {
                try {
                    op.run();
                    fail("accepted bad key " + key);
                } catch (BucketException e) {
                    assertEquals(key, BucketException.Reason.INVALID_KEY, e.reason());
                }
            }
        }
        try {
            s.list(Bucket.FREE_JOURNALS, "../", null, 10);
            fail("accepted bad prefix");
        } catch (BucketException e) {
            assertEquals(BucketException.Reason.INVALID_KEY, e.reason());
        }
        assertEquals(0, s.list(Bucket.FREE_JOURNALS, "", null, 1000).objects().size());
        assertNothingWrittenOutsideBuckets();
    }

    @Test
    public void userKeysKeepUsersApart() throws Exception {
        BucketStore s = store();
        s.put(Bucket.USER_PROFILES, ObjectKeys.userKey("user-preferences/", "userA", "p.json"), bytes("A"), "application/json");
        s.put(Bucket.USER_PROFILES, ObjectKeys.userKey("user-preferences/", "userB", "p.json"), bytes("B"), "application/json");
        assertEquals(1, s.list(Bucket.USER_PROFILES, "user-preferences/userA/", null, 10).objects().size());
        for (String id : new String[] { "../userB", "userA/../userB", "", "a b" }) {
            try {
                ObjectKeys.userKey("user-preferences/", id, "p.json");
                fail("accepted user id " + id);
            } catch (BucketException e) {
                assertEquals(BucketException.Reason.INVALID_KEY, e.reason());
            }
        }
    }

    @Test
    public void listingWhileOthersWriteAndDeleteNeverFails() throws Exception {
        BucketStore s = store();
        for (int i = 0; i < 20; i++) {
            s.put(Bucket.FREE_JOURNALS, "text-entries/u1/keep-" + i + ".txt", bytes("k"), "text/plain");
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread churn = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String key = "text-entries/u1/churn-" + (i % 10) + ".txt";
                s.put(Bucket.FREE_JOURNALS, key, bytes("c" + i), "text/plain");
                s.delete(Bucket.FREE_JOURNALS, key);
            }
        });
        churn.start();
        try {
            for (int round = 0; round < 100; round++) {
                long kept = s.list(Bucket.FREE_JOURNALS, "text-entries/u1/", null, 1000).objects().stream()
                        .filter(o -> o.key().contains("/keep-")).count();
                assertEquals("round " + round, 20, kept);
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }

    @Test
    public void largeObjectsStream() throws Exception {
        BucketStore s = store();
        byte[] data = new byte[5 * 1024 * 1024 + 7];
        new Random(7).nextBytes(data);
        ObjectInfo info = s.put(Bucket.MEDIA_STORAGE, "audio-processing/u1/big.bin", new ByteArrayInputStream(data),
                PutOptions.of("application/octet-stream"));
        assertEquals(data.length, info.size());
        try (StoredObject o = s.get(Bucket.MEDIA_STORAGE, "audio-processing/u1/big.bin").orElseThrow();
                InputStream in = o.content()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
                total += n;
            }
            assertEquals(data.length, total);
            assertEquals(sha256(data), HexFormat.of().formatHex(digest.digest()));
        }
    }

    @Test
    public void concurrentPutsToOneKeyLeaveOneWholeValue() throws Exception {
        BucketStore s = store();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                byte[] value = bytes(String.valueOf((char) ('a' + i)).repeat(10_000 + i));
                futures.add(pool.submit(() -> s.put(Bucket.AI_MODELS, "prompt-templates/shared", value, "text/plain")));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        byte[] got = s.get(Bucket.AI_MODELS, "prompt-templates/shared").orElseThrow().readAllBytes();
        char first = (char) got[0];
        assertEquals(10_000 + (first - 'a'), got.length);
        for (byte b : got) {
            assertEquals(first, (char) b);
        }
        BucketUsage usage = usageOf(s, Bucket.AI_MODELS);
        assertEquals(1, usage.objects());
        assertEquals(got.length, usage.bytes());
    }

    @Test
    public void usageFollowsPutsOverwritesAndDeletes() throws Exception {
        BucketStore s = store();
        s.put(Bucket.USER_ANALYTICS, "mood-trends/u1/a", new byte[100], "application/octet-stream");
        s.put(Bucket.USER_ANALYTICS, "mood-trends/u1/b", new byte[50], "application/octet-stream");
        s.put(Bucket.USER_ANALYTICS, "mood-trends/u1/a", new byte[10], "application/octet-stream");
        BucketUsage u = usageOf(s, Bucket.USER_ANALYTICS);
        assertEquals(2, u.objects());
        assertEquals(60, u.bytes());
        s.delete(Bucket.USER_ANALYTICS, "mood-trends/u1/b");
        u = usageOf(s, Bucket.USER_ANALYTICS);
        assertEquals(1, u.objects());
        assertEquals(10, u.bytes());
        assertEquals(Bucket.values().length, s.usage().size());
    }

    /** Whitespace around {@code ;} in a media type carries no meaning (RFC 9110), and stores differ in it. */
    protected static String mediaType(String contentType) {
        return contentType == null ? null : contentType.replaceAll("\\s*;\\s*", ";");
    }

    protected static BucketUsage usageOf(BucketStore s, Bucket bucket) {
        return s.usage().stream().filter(u -> u.bucket() == bucket).findFirst().orElseThrow();
    }
}
