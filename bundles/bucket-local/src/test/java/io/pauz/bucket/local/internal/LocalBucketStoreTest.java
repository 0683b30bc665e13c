package io.pauz.bucket.local.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketException;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.ObjectInfo;
import io.pauz.bucket.testkit.BucketStoreContract;

public class LocalBucketStoreTest extends BucketStoreContract {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();
    private Path root;

    @Override
    protected BucketStore store() throws Exception {
        root = temp.newFolder("buckets").toPath();
        return new LocalBucketStore(root, 0);
    }

    @Override
    protected void assertNothingWrittenOutsideBuckets() throws Exception {
        try (Stream<Path> all = Files.walk(temp.getRoot().toPath())) {
            assertTrue(all.filter(Files::isRegularFile).toList().isEmpty());
        }
    }

    @Test
    public void createsTheEightBucketsAndTheirFolders() throws Exception {
        store();
        for (Bucket b : Bucket.values()) {
            for (String folder : b.folders()) {
                assertTrue(b.id() + "/" + folder, Files.isDirectory(root.resolve(b.id()).resolve(folder)));
            }
        }
    }

    @Test
    public void quotaIsEnforcedBeforeAnythingChanges() throws Exception {
        root = temp.newFolder("q").toPath();
        LocalBucketStore s = new LocalBucketStore(root, 1000);
        s.put(Bucket.MEDIA_STORAGE, "pdf-exports/u1/a", new byte[600], "application/pdf");
        try {
            s.put(Bucket.MEDIA_STORAGE, "pdf-exports/u1/b", new byte[600], "application/pdf");
            fail("quota exceeded silently");
        } catch (BucketException e) {
            assertEquals(BucketException.Reason.NO_SPACE, e.reason());
        }
        assertTrue(s.get(Bucket.MEDIA_STORAGE, "pdf-exports/u1/b").isEmpty());
        s.put(Bucket.MEDIA_STORAGE, "pdf-exports/u1/a", new byte[900], "application/pdf"); // replacing fits
        assertEquals(900, usageOf(s, Bucket.MEDIA_STORAGE).bytes());
        assertEquals(90.0, usageOf(s, Bucket.MEDIA_STORAGE).quotaPercent(), 0.001);
        try (Stream<Path> files = Files.walk(root)) {
            assertFalse("no temp file left", files.anyMatch(p -> p.getFileName().toString().contains("~t")));
        }
    }

    @Test
    public void usageIsCountedAgainOnRestartAndLeftoverTempFilesGo() throws Exception {
        root = temp.newFolder("r").toPath();
        LocalBucketStore s = new LocalBucketStore(root, 0);
        s.put(Bucket.FREE_JOURNALS, "text-entries/u1/a", new byte[10], "text/plain");
        s.put(Bucket.FREE_JOURNALS, "text-entries/u1/b", new byte[20], "text/plain");
        Path leftover = root.resolve("free-journals/text-entries/u1/c~o~tdeadbeef");
        Files.write(leftover, new byte[5]);
        Files.write(root.resolve("free-journals/text-entries/u1/foreign~o"), new byte[3]); // not an object file
        LocalBucketStore reopened = new LocalBucketStore(root, 0);
        assertEquals(2, usageOf(reopened, Bucket.FREE_JOURNALS).objects());
        assertEquals(30, usageOf(reopened, Bucket.FREE_JOURNALS).bytes());
        assertFalse(Files.exists(leftover));
        assertEquals(2, reopened.list(Bucket.FREE_JOURNALS, "text-entries/u1/", null, 10).objects().stream()
                .filter(o -> !o.key().endsWith("foreign")).count());
    }

    /**
     * A clean stop saves the counts for the next start, which reads them instead of every object file (a bundle update
     * of the provider under load); they are taken once. After the stop the store refuses writes and deletes untouched
     * (CLOSED: the caller makes them again on the next provider), so the saved counts stay true.
     */
    @Test
    public void aCleanStopSavesTheCountsForTheNextStart() throws Exception {
        root = temp.newFolder("saved").toPath();
        LocalBucketStore s = new LocalBucketStore(root, 0);
        s.put(Bucket.FREE_JOURNALS, "text-entries/u1/a", new byte[10], "text/plain");
        s.put(Bucket.FREE_JOURNALS, "text-entries/u1/b", new byte[20], "text/plain");
        s.close();
        Path saved = root.resolve(LocalBucketStore.USAGE_FILE);
        assertTrue(Files.exists(saved));

        java.io.ByteArrayInputStream data = new java.io.ByteArrayInputStream(new byte[7]);
        try {
            s.put(Bucket.FREE_JOURNALS, "text-entries/u1/late", data, io.pauz.api.bucket.PutOptions.of("text/plain"));
            fail("a stopped store wrote");
        } catch (BucketException e) {
            assertEquals(BucketException.Reason.CLOSED, e.reason());
        }
        assertEquals("the data was not read", 7, data.available());
        try {
            s.delete(Bucket.FREE_JOURNALS, "text-entries/u1/a");
            fail("a stopped store deleted");
        } catch (BucketException e) {
            assertEquals(BucketException.Reason.CLOSED, e.reason());
        }
        assertTrue("reads still work", s.get(Bucket.FREE_JOURNALS, "text-entries/u1/a").isPresent());

        // an object the counts do not know of: read from the saved counts, it is not counted
        Files.copy(root.resolve("free-journals/text-entries/u1/a~o"), root.resolve("free-journals/text-entries/u1/x~o"));
        LocalBucketStore reopened = new LocalBucketStore(root, 0);
        assertEquals(2, usageOf(reopened, Bucket.FREE_JOURNALS).objects());
        assertEquals(30, usageOf(reopened, Bucket.FREE_JOURNALS).bytes());
        assertFalse("taken once: a crash from here on counts again", Files.exists(saved));
        assertEquals(3, usageOf(new LocalBucketStore(root, 0), Bucket.FREE_JOURNALS).objects());

        reopened.close();
        Files.writeString(saved, "free-journals.objects=oops\n");
        assertEquals("unreadable counts: counted again", 3, usageOf(new LocalBucketStore(root, 0), Bucket.FREE_JOURNALS).objects());
    }

    /** The disk's reserve: a write that would leave less free is refused before it replaces anything. */
    @Test
    public void aWriteThatWouldEatTheDisksReserveIsRefused() throws Exception {
        root = temp.newFolder("reserve").toPath();
        new LocalBucketStore(root, 0).put(Bucket.FREE_JOURNALS, "text-entries/u1/a", new byte[10], "text/plain");
        LocalBucketStore tight = new LocalBucketStore(root, 0, Long.MAX_VALUE, () -> false);
        try {
            tight.put(Bucket.FREE_JOURNALS, "text-entries/u1/a", new byte[20], "text/plain");
            fail("wrote into the reserve");
        } catch (BucketException e) {
            assertEquals(BucketException.Reason.NO_SPACE, e.reason());
        }
        assertEquals("the old object stays", 10, tight.head(Bucket.FREE_JOURNALS, "text-entries/u1/a").orElseThrow().size());
        try (Stream<Path> files = Files.walk(root)) {
            assertTrue("no temp file left", files.noneMatch(f -> f.getFileName().toString().contains(LocalBucketStore.TEMP_MARK)));
        }
        assertEquals(1, usageOf(tight, Bucket.FREE_JOURNALS).objects());
        new LocalBucketStore(root, 0, 1, () -> false).put(Bucket.FREE_JOURNALS, "text-entries/u1/b", new byte[20], "text/plain");
    }

    /**
     * A side-by-side update: the new store opens while the old one still works on the root. It leaves the old one's
     * write under way alone, serves reads at once, and its first write waits for the counts the old one saves at its
     * close, so the counts stay exact across the handover.
     */
    @Test
    public void aStoreStartedBesideItsPreviousRevisionTakesOverItsCounts() throws Exception {
        root = temp.newFolder("handover").toPath();
        LocalBucketStore old = new LocalBucketStore(root, 0);
        old.put(Bucket.FREE_JOURNALS, "text-entries/u1/a", new byte[10], "text/plain");
        Path underWay = root.resolve("free-journals/text-entries/u1/b~t-writing");
        Files.write(underWay, new byte[3]);
        java.util.concurrent.atomic.AtomicBoolean oldRunning = new java.util.concurrent.atomic.AtomicBoolean(true);

        LocalBucketStore next = new LocalBucketStore(root, 0, 0, oldRunning::get);
        assertTrue("the old store's write under way is left alone", Files.exists(underWay));
        assertTrue("reads are served at once", next.get(Bucket.FREE_JOURNALS, "text-entries/u1/a").isPresent());
        java.util.concurrent.CompletableFuture<ObjectInfo> firstWrite = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> next.put(Bucket.FREE_JOURNALS, "text-entries/u1/c", new byte[5], "text/plain"));
        Thread.sleep(200);
        assertFalse("the first write waits for the old store's counts", firstWrite.isDone());
        old.put(Bucket.FREE_JOURNALS, "text-entries/u1/d", new byte[20], "text/plain"); // the old one still writes
        Files.delete(underWay);
        old.close();
        oldRunning.set(false);
        firstWrite.get(10, TimeUnit.SECONDS);
        assertEquals(3, usageOf(next, Bucket.FREE_JOURNALS).objects());
        assertEquals(35, usageOf(next, Bucket.FREE_JOURNALS).bytes());
        assertFalse("the saved counts are taken", Files.exists(root.resolve(LocalBucketStore.USAGE_FILE)));
        next.close();
        assertEquals(35, usageOf(new LocalBucketStore(root, 0), Bucket.FREE_JOURNALS).bytes());
    }

    /** An update rolled back: the new store stops before it knew the counts and saves none; the old one's stay. */
    @Test
    public void aStoreRemovedBeforeItTookOverSavesNoCounts() throws Exception {
        root = temp.newFolder("rollback").toPath();
        LocalBucketStore old = new LocalBucketStore(root, 0);
        old.put(Bucket.FREE_JOURNALS, "text-entries/u1/a", new byte[10], "text/plain");
        new LocalBucketStore(root, 0, 0, () -> true).close();
        assertFalse(Files.exists(root.resolve(LocalBucketStore.USAGE_FILE)));
        old.put(Bucket.FREE_JOURNALS, "text-entries/u1/b", new byte[4], "text/plain");
        old.close();
        assertEquals(14, usageOf(new LocalBucketStore(root, 0), Bucket.FREE_JOURNALS).bytes());
    }

    /**
     * kill -9 of a JVM writing objects in a loop: afterwards every acknowledged object is readable with
     * its checksum, the rewritten key holds one whole version, and no partial object is visible.
     */
    @Test
    public void killDashNineLosesNoAcknowledgedWriteAndShowsNoPartialObject() throws Exception {
        root = temp.newFolder("crash").toPath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), root.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, String> acknowledged = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (String line; (line = out.readLine()) != null && System.nanoTime() < deadline;) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acknowledged.put(parts[1], parts[2]);
                    if (acknowledged.size() >= 150) {
                        child.destroyForcibly(); // SIGKILL, in the middle of the next writes
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue("writer acknowledged " + acknowledged.size(), acknowledged.size() >= 150);

        LocalBucketStore after = new LocalBucketStore(root, 0);
        for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
            ObjectInfo info = after.head(Bucket.MEDIA_STORAGE, ack.getKey()).orElseThrow(
                    () -> new AssertionError("acknowledged object lost: " + ack.getKey()));
            assertEquals(ack.getValue(), info.sha256());
            byte[] content = after.get(Bucket.MEDIA_STORAGE, ack.getKey()).orElseThrow().readAllBytes();
            assertEquals(ack.getValue(), sha256(content));
        }
        // Whatever is listed is whole: its content matches the checksum recorded with it.
        for (ObjectInfo listed : after.list(Bucket.MEDIA_STORAGE, "audio-processing/crash/", null, 1000).objects()) {
            byte[] content = after.get(Bucket.MEDIA_STORAGE, listed.key()).orElseThrow().readAllBytes();
            assertEquals(listed.key(), listed.sha256(), sha256(content));
            assertEquals(listed.size(), content.length);
        }
        try (Stream<Path> files = Files.walk(root)) {
            assertFalse("temp files were cleaned on open",
                    files.anyMatch(p -> p.getFileName().toString().contains(LocalBucketStore.TEMP_MARK)));
        }
        assertTrue(new File(root.toFile(), "media-storage").isDirectory());
    }
}
