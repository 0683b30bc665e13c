package io.pauz.bucket.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
 * SmartBucket on a local file system. Key {@code a/b/c} of bucket {@code x} is the file
 * {@code <root>/x/a/b/c~o}; writes go to a {@code ~t} temp file beside it, are fsynced and renamed
 * atomically over it, and the directory is fsynced, so after a crash a key holds its old object or
 * its whole new one. Keys never contain {@code ~}, so object files, temp files and directories never
 * collide (keys {@code a} and {@code a/b} may both exist, as in S3).
 */
public final class LocalBucketStore implements BucketStore {
    static final String OBJECT_SUFFIX = "~o";
    static final String TEMP_MARK = "~t";
    /** In the root, beside the bucket directories: the counts saved at a clean stop. */
    static final String USAGE_FILE = "usage~saved";
    private static final Pattern USER_META_KEY = Pattern.compile("[a-z0-9-]{1,64}");
    private static final int USER_META_MAX = 2048;

    private final Path root;
    private final long quotaBytes;
    private final long reserveBytes;
    private final java.nio.file.FileStore disk;
    private final Map<Bucket, AtomicLong> objects = new EnumMap<>(Bucket.class);
    private final Map<Bucket, AtomicLong> bytes = new EnumMap<>(Bucket.class);
    /**
     * Writes and deletes hold the read lock from start to end; {@link #close()} takes the write lock, so the counts it
     * saves match the files, and after it every write or delete is refused ({@code CLOSED}) before it reads anything.
     */
    private final ReentrantReadWriteLock changes = new ReentrantReadWriteLock();
    private boolean closed; // guarded by changes
    /** How long a store started beside its previous revision waits for that one's saved counts. */
    static final long INHERIT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final BooleanSupplier otherRevisionRunning;
    /** Counts not known yet: they come from the previous revision's close ({@link #inheritCounts()}). */
    private volatile boolean inheriting;
    private final Object inheritance = new Object();

    /** Opens (creating if needed) the buckets under {@code root}, drops leftover temp files, counts usage. */
    public LocalBucketStore(Path root, long quotaBytes) throws IOException {
        this(root, quotaBytes, 0, () -> false);
    }

    /**
     * As {@link #LocalBucketStore(Path, long)}, keeping {@code reserveBytes} free on the disk (a write that would leave
     * less fails with {@code NO_SPACE}: the database and the logs, often on the same disk, keep room to work and to
     * record that refusal), unless {@code otherRevisionRunning} says that another revision of this
     * bundle still works on the root (a side-by-side update): then its temp files are writes under way, not leftovers,
     * and the counts are the ones it saves when it closes. This store serves reads at once; its first write, delete or
     * usage waits for those counts (the old store closes right after its service goes, so consumers that moved here
     * wait only for its writes under way).
     */
    public LocalBucketStore(Path root, long quotaBytes, long reserveBytes, BooleanSupplier otherRevisionRunning)
            throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.quotaBytes = quotaBytes;
        this.reserveBytes = reserveBytes;
        this.otherRevisionRunning = otherRevisionRunning;
        for (Bucket bucket : Bucket.values()) {
            objects.put(bucket, new AtomicLong());
            bytes.put(bucket, new AtomicLong());
            for (String folder : bucket.folders()) {
                Files.createDirectories(bucketDir(bucket).resolve(folder));
            }
        }
        this.disk = Files.getFileStore(this.root);
        inheriting = otherRevisionRunning.getAsBoolean();
        if (!inheriting) {
            loadCounts(true);
        }
    }

    /** The saved counts if there are any, else every object's trailer; temp files are dropped if {@code dropTemps}. */
    private void loadCounts(boolean dropTemps) throws IOException {
        Properties saved = takeSavedUsage();
        for (Bucket bucket : Bucket.values()) {
            if (saved != null) {
                objects.get(bucket).set(Long.parseLong(saved.getProperty(bucket.id() + ".objects")));
                bytes.get(bucket).set(Long.parseLong(saved.getProperty(bucket.id() + ".bytes")));
                continue;
            }
            objects.get(bucket).set(0);
            bytes.get(bucket).set(0);
            try (Stream<Path> files = Files.walk(bucketDir(bucket))) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String name = file.getFileName().toString();
                    if (name.contains(TEMP_MARK)) {
                        if (dropTemps) {
                            Files.deleteIfExists(file); // a write that never finished
                        }
                    } else if (name.endsWith(OBJECT_SUFFIX)) {
                        try {
                            ObjectFile.Trailer t = ObjectFile.readTrailer(file);
                            objects.get(bucket).incrementAndGet();
                            bytes.get(bucket).addAndGet(t.size());
                        } catch (IOException corrupt) {
                            // not ours or damaged outside PAUZ: left alone, never served
                        }
                    }
                }
            }
        }
    }

    /**
     * Started beside the revision it replaces: waits (at most {@link #INHERIT_WAIT_NANOS}) until that store has saved
     * its counts at its close, or has stopped without saving them, and takes them; then counts by itself.
     */
    private void inheritCounts() {
        if (!inheriting) {
            return;
        }
        synchronized (inheritance) {
            if (!inheriting) {
                return;
            }
            Path saved = root.resolve(USAGE_FILE);
            long end = System.nanoTime() + INHERIT_WAIT_NANOS;
            while (!Files.exists(saved) && otherRevisionRunning.getAsBoolean() && System.nanoTime() < end) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BucketException(BucketException.Reason.UNAVAILABLE, "interrupted while the bucket store started", e);
                }
            }
            try {
                loadCounts(!otherRevisionRunning.getAsBoolean());
            } catch (IOException e) {
                throw failure(e);
            }
            inheriting = false;
        }
    }

    public Path root() {
        return root;
    }

    /**
     * The counts {@link #close()} saved at the last clean stop, read and removed (durably: a crash from here on must
     * count again), or null when there are none or they cannot be read: then every object file is read, as after a
     * crash. Saves a restart (a bundle update) the walk over every object, seconds with many entries.
     */
    private Properties takeSavedUsage() throws IOException {
        Path file = root.resolve(USAGE_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Properties saved = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            saved.load(in);
        } catch (IOException | IllegalArgumentException unreadable) {
            saved = null;
        }
        Files.delete(file);
        syncDirectory(root);
        if (saved != null) {
            for (Bucket bucket : Bucket.values()) {
                for (String what : new String[] { ".objects", ".bytes" }) {
                    String v = saved.getProperty(bucket.id() + what);
                    if (v == null || !v.matches("[0-9]{1,18}")) {
                        return null;
                    }
                }
            }
        }
        return saved;
    }

    /**
     * Saves the counts for the next start once the writes and deletes under way are done (at most 5 s; else nothing
     * is saved and the next start counts). A caller that still holds this store is refused from now on
     * ({@link BucketException.Reason#CLOSED}) and makes its call again on the next provider.
     */
    public void close() {
        try {
            if (!changes.writeLock().tryLock(5, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            closed = true;
            if (inheriting) {
                return; // never knew the counts: the revision it would have replaced saves them (an update rolled back)
            }
            Properties counts = new Properties();
            for (Bucket bucket : Bucket.values()) {
                counts.setProperty(bucket.id() + ".objects", Long.toString(objects.get(bucket).get()));
                counts.setProperty(bucket.id() + ".bytes", Long.toString(bytes.get(bucket).get()));
            }
            Path temp = root.resolve(USAGE_FILE + TEMP_MARK);
            try (OutputStream out = Files.newOutputStream(temp)) {
                counts.store(out, "PAUZ local buckets at a clean stop; removed at start (after a crash there is none: counted again)");
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            move(temp, root.resolve(USAGE_FILE));
            syncDirectory(root);
        } catch (IOException e) {
            // the next start counts the objects again
        } finally {
            changes.writeLock().unlock();
        }
    }

    /** Enters a write or delete: the read lock, or {@code CLOSED} before anything is read or written. */
    private void enterChange() {
        inheritCounts();
        changes.readLock().lock();
        if (closed) {
            changes.readLock().unlock();
            throw new BucketException(BucketException.Reason.CLOSED, "this bucket store has stopped");
        }
    }

    private Path bucketDir(Bucket bucket) {
        return root.resolve(bucket.id());
    }

    /** The object file of a validated key, which must stay inside its bucket (defence in depth). */
    private Path objectPath(Bucket bucket, String key) {
        ObjectKeys.validate(key);
        Path dir = bucketDir(bucket);
        Path file = dir.resolve(key + OBJECT_SUFFIX).normalize();
        if (!file.startsWith(dir)) {
            throw new BucketException(BucketException.Reason.INVALID_KEY, "key escapes its bucket: " + key);
        }
        return file;
    }

    @Override
    public ObjectInfo put(Bucket bucket, String key, InputStream data, PutOptions options) {
        enterChange();
        try {
            return write(bucket, key, data, options);
        } finally {
            changes.readLock().unlock();
        }
    }

    private ObjectInfo write(Bucket bucket, String key, InputStream data, PutOptions options) {
        Path target = objectPath(bucket, key);
        validateMetadata(options.userMetadata());
        Path temp = target.resolveSibling(target.getFileName() + TEMP_MARK + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            MessageDigest sha = sha256();
            long size;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha);
                size = data.transferTo(out);
                out.flush();
                if (quotaBytes > 0 && bytes.get(bucket).get() - Math.max(0, previousSize(target)) + size > quotaBytes) {
                    throw new BucketException(BucketException.Reason.NO_SPACE,
                            "bucket " + bucket.id() + " would exceed its quota of " + quotaBytes + " bytes");
                }
                // The temp file is written: what is usable now is what this write would leave.
                if (reserveBytes > 0 && disk.getUsableSpace() < reserveBytes) {
                    throw new BucketException(BucketException.Reason.NO_SPACE, "the disk is nearly full: less than "
                            + reserveBytes + " bytes would stay free for the database");
                }
                byte[] trailer = ObjectFile.trailer(new ObjectFile.Trailer(options.contentType(),
                        HexFormat.of().formatHex(sha.digest()), size, options.userMetadata()));
                channel.write(java.nio.ByteBuffer.wrap(trailer), size);
                channel.force(true);
            }
            synchronized (stripe(target)) {
                long previous = previousSize(target);
                move(temp, target);
                syncDirectory(target.getParent());
                if (previous < 0) {
                    objects.get(bucket).incrementAndGet();
                }
                bytes.get(bucket).addAndGet(size - Math.max(0, previous));
            }
            return head(bucket, key).orElseThrow();
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure(e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Size of the object in {@code file}, or -1 when there is none. */
    private static long previousSize(Path file) {
        try {
            return ObjectFile.readTrailer(file).size();
        } catch (IOException absentOrForeign) {
            return -1;
        }
    }

    private final Object[] stripes = new Object[64];

    {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    private Object stripe(Path file) {
        return stripes[Math.floorMod(file.hashCode(), stripes.length)];
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically; SmartBucket needs it", e);
        }
    }

    @Override
    public Optional<StoredObject> get(Bucket bucket, String key) {
        Path file = objectPath(bucket, key);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            ObjectFile.Trailer t = ObjectFile.readTrailer(channel);
            ObjectInfo info = info(bucket, key, file, t);
            return Optional.of(new StoredObject(info, ObjectFile.content(channel, t.size())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (ObjectFile.NotAnObjectException e) {
            closeQuietly(channel);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            throw failure(e);
        }
    }

    @Override
    public Optional<ObjectInfo> head(Bucket bucket, String key) {
        Path file = objectPath(bucket, key);
        try {
            return Optional.of(info(bucket, key, file, ObjectFile.readTrailer(file)));
        } catch (NoSuchFileException | ObjectFile.NotAnObjectException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public ObjectPage list(Bucket bucket, String prefix, String cursor, int limit) {
        String p = ObjectKeys.validatePrefix(prefix);
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000");
        }
        Path bucketDir = bucketDir(bucket);
        int slash = p.lastIndexOf('/');
        Path start = slash < 0 ? bucketDir : bucketDir.resolve(p.substring(0, slash)).normalize();
        if (!start.startsWith(bucketDir) || !Files.isDirectory(start)) {
            return new ObjectPage(List.of(), null);
        }
        List<String> keys = new ArrayList<>();
        try {
            // walkFileTree, not Files.walk: a concurrent put renames its temp file and a delete removes one while
            // we walk; such a vanished entry is skipped instead of failing the whole listing.
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(OBJECT_SUFFIX) && !name.contains(TEMP_MARK)) {
                        String rel = bucketDir.relativize(f).toString().replace('\\', '/');
                        String k = rel.substring(0, rel.length() - OBJECT_SUFFIX.length());
                        if (k.startsWith(p) && (cursor == null || k.compareTo(cursor) > 0)) {
                            keys.add(k);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException startVanished) {
            return new ObjectPage(List.of(), null);
        } catch (IOException e) {
            throw failure(e);
        }
        keys.sort(null);
        List<ObjectInfo> page = new ArrayList<>();
        for (String key : keys) {
            if (page.size() == limit) {
                break;
            }
            head(bucket, key).ifPresent(page::add); // deleted meanwhile: skipped
        }
        String next = keys.size() > limit ? page.get(page.size() - 1).key() : null;
        return new ObjectPage(page, next);
    }

    @Override
    public boolean delete(Bucket bucket, String key) {
        Path file = objectPath(bucket, key);
        enterChange();
        try {
            synchronized (stripe(file)) {
                long size = previousSize(file);
                if (!Files.deleteIfExists(file)) {
                    return false;
                }
                syncDirectory(file.getParent());
                objects.get(bucket).decrementAndGet();
                bytes.get(bucket).addAndGet(-Math.max(0, size));
                return true;
            }
        } catch (IOException e) {
            throw failure(e);
        } finally {
            changes.readLock().unlock();
        }
    }

    @Override
    public List<BucketUsage> usage() {
        inheritCounts();
        List<BucketUsage> usage = new ArrayList<>();
        for (Bucket bucket : Bucket.values()) {
            usage.add(new BucketUsage(bucket, objects.get(bucket).get(), bytes.get(bucket).get(), quotaBytes));
        }
        return usage;
    }

    /** True when the root can be written (health). */
    boolean writable() {
        return Files.isWritable(root);
    }

    private static ObjectInfo info(Bucket bucket, String key, Path file, ObjectFile.Trailer t) throws IOException {
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        return new ObjectInfo(bucket, key, t.size(), t.contentType(), t.sha256(), modified, t.userMetadata());
    }

    private static void validateMetadata(Map<String, String> metadata) {
        int total = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!USER_META_KEY.matcher(e.getKey()).matches() || e.getValue() == null) {
                throw new IllegalArgumentException("user metadata keys are lower-case letters, digits and -: " + e.getKey());
            }
            total += e.getKey().length() + e.getValue().length();
        }
        if (total > USER_META_MAX) {
            throw new IllegalArgumentException("user metadata is limited to " + USER_META_MAX + " characters");
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open directories; the rename itself is still atomic
        }
    }

    static BucketException failure(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("No space left") || message.contains("Disk quota exceeded")
                || (e instanceof FileSystemException fs && String.valueOf(fs.getReason()).contains("No space"))) {
            return new BucketException(BucketException.Reason.NO_SPACE, "the disk is full", e);
        }
        return new BucketException(BucketException.Reason.UNAVAILABLE, "bucket storage failed: " + message, e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: start-up removes leftovers
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

}
