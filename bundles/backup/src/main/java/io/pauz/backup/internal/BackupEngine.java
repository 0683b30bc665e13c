package io.pauz.backup.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketException;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.ObjectInfo;
import io.pauz.api.bucket.ObjectKeys;
import io.pauz.api.bucket.ObjectPage;
import io.pauz.api.bucket.PutOptions;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.rest.ApiException;

/**
 * Writes and restores backup archives; plain Java so tests drive it on real Derby and a real bucket store.
 *
 * <p><b>Backup.</b> One zip: every object of every bucket (except {@code backup-archives/}) under
 * {@code objects/<bucket>/<key>}, Derby's online backup under {@code db/<name>/}, and {@code manifest.json} last. It is
 * written to a file in the work directory and only then {@code put} under its final key, and a put is atomic
 * (local store: temp file + fsync + rename; S3: one PutObject), so a crash at any point leaves no archive or a whole
 * one, never a part; leftovers in the work directory are removed at the next start.
 *
 * <p><b>Consistency.</b> {@code SYSCS_BACKUP_DATABASE} is a transactionally consistent snapshot at time T. Features
 * write a blob before the row that points to it and delete a blob only after the row that stopped pointing to it is
 * committed (journal: {@code create}, {@code replaceText}, {@code delete}). So every blob the snapshot references
 * exists at T. Objects are copied in two passes, one before and one after the database snapshot: a referenced blob is
 * missed only if it was created during the first pass (after the pass had reached its key) and deleted again before the
 * second pass reached it. Objects not referenced by the snapshot (written just after T) are harmless orphans.
 *
 * <p><b>Restore.</b> Into a new, empty data directory: the archive is verified entry by entry against its manifest
 * first (nothing is written for a damaged archive), the database is created from the backup with Derby's
 * {@code createFrom} in a staging directory beside the target, the archive is placed in {@code restore/} there, and
 * the staging directory is renamed to the target. The instance started on it puts the objects back through its own
 * {@link BucketStore} (any provider), see {@link #restorePending}.
 */
public final class BackupEngine {
    static final Bucket ARCHIVE_BUCKET = Bucket.MEDIA_STORAGE;
    static final String ARCHIVE_FOLDER = "backup-archives/";
    static final String MANIFEST = "manifest.json";
    static final String RESTORE_FOLDER = "restore";
    static final Pattern NAME = Pattern.compile("[0-9]{8}T[0-9]{6}Z(-[0-9]{1,3})?\\.zip");
    private static final Pattern OURS = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern DB_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(BackupEngine.class);
    private static final int PAGE = 1000;
    private static final int PUT_THREADS = 4;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final DataSource dataSource;
    private final BucketStore store;
    private final Path workDir;
    private final Clock clock;
    private final String pauzVersion;

    public BackupEngine(DataSource dataSource, BucketStore store, Path workDir, Clock clock, String pauzVersion) {
        this.dataSource = dataSource;
        this.store = store;
        this.workDir = workDir.toAbsolutePath().normalize();
        this.clock = clock;
        this.pauzVersion = pauzVersion;
    }

    Path workDir() {
        return workDir;
    }

    /**
     * Removes what a backup or restore left in the work directory when the process died: only names that start with
     * a random UUID (all of ours do), so a shared work directory is safe.
     */
    void cleanWorkDir() {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(workDir)) {
            files.filter(f -> OURS.matcher(f.getFileName().toString()).lookingAt()).forEach(BackupEngine::deleteTree);
        } catch (IOException e) {
            LOG.warn("cannot clean {}", workDir, e);
        }
    }

    // ---- backup --------------------------------------------------------------------------------

    /** Writes a new archive and returns it; {@code progress} hears the number of entries written so far. */
    public ArchiveInfo backup(LongConsumer progress) {
        Instant started = clock.instant();
        String id = UUID.randomUUID().toString();
        Path zipFile = workDir.resolve(id + ".zip.part");
        Path dbBackup = workDir.resolve(id + "-db");
        try {
            Files.createDirectories(workDir);
            List<Manifest.FileEntry> files = new ArrayList<>();
            Set<String> written = new HashSet<>();
            Manifest manifest;
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zipFile,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16))) {
                copyObjects(zip, files, written, progress); // pass 1
                String dbName = backupDatabase(dbBackup);
                Manifest.Database database = addDatabase(zip, dbBackup.resolve(dbName), dbName, files, progress);
                copyObjects(zip, files, written, progress); // pass 2: objects created while pass 1 and the snapshot ran
                manifest = manifest(started, database, files);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(json.writeValueAsBytes(manifest));
                zip.closeEntry();
            }
            try (FileChannel channel = FileChannel.open(zipFile, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            return publish(started, zipFile, manifest);
        } catch (IOException e) {
            throw new ApiException(500, "backup_failed", "backup failed: " + e.getMessage(), e);
        } finally {
            deleteTree(zipFile);
            deleteTree(dbBackup);
        }
    }

    private Manifest manifest(Instant started, Manifest.Database database, List<Manifest.FileEntry> files) {
        long count = 0;
        long bytes = 0;
        Map<String, Long> perBucket = new TreeMap<>();
        for (Manifest.FileEntry f : files) {
            if (f.bucket() != null) {
                count++;
                bytes += f.size();
                perBucket.merge(f.bucket(), 1L, Long::sum);
            }
        }
        return new Manifest(Manifest.FORMAT, Manifest.VERSION, started.toString(), pauzVersion, database,
                new Manifest.Objects(count, bytes, perBucket), files);
    }

    /** Puts the finished file under its final key in one atomic put. */
    private ArchiveInfo publish(Instant started, Path zipFile, Manifest manifest) throws IOException {
        String base = STAMP.format(started);
        String name = base + ".zip";
        for (int i = 1; store.head(ARCHIVE_BUCKET, ARCHIVE_FOLDER + name).isPresent(); i++) {
            name = base + "-" + i + ".zip";
        }
        try (InputStream in = Files.newInputStream(zipFile)) {
            ObjectInfo info = store.put(ARCHIVE_BUCKET, ARCHIVE_FOLDER + name, in,
                    new PutOptions("application/zip", ArchiveInfo.metadata(manifest)));
            LOG.info("backup {}: {} objects ({} bytes), database {} ({} files), archive {} bytes", name,
                    manifest.objects().count(), manifest.objects().bytes(), manifest.database().name(),
                    manifest.database().files(), info.size());
            return ArchiveInfo.of(name, info);
        }
    }

    /** Every object of every bucket not yet in the archive, streamed in with its SHA-256. */
    private void copyObjects(ZipOutputStream zip, List<Manifest.FileEntry> files, Set<String> written, LongConsumer progress)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (Bucket bucket : Bucket.values()) {
            String cursor = null;
            do {
                checkInterrupted();
                ObjectPage page = list(bucket, "", cursor);
                for (ObjectInfo listed : page.objects()) {
                    String path = "objects/" + bucket.id() + "/" + listed.key();
                    if ((bucket == ARCHIVE_BUCKET && listed.key().startsWith(ARCHIVE_FOLDER)) || written.contains(path)) {
                        continue;
                    }
                    Optional<StoredObject> found = store.get(bucket, listed.key());
                    if (found.isEmpty()) {
                        continue; // deleted since the listing
                    }
                    try (StoredObject object = found.get()) {
                        MessageDigest sha = sha256();
                        zip.putNextEntry(new ZipEntry(path));
                        long size = 0;
                        try (InputStream in = new DigestInputStream(object.content(), sha)) {
                            for (int n; (n = in.read(buffer)) > 0;) {
                                zip.write(buffer, 0, n);
                                size += n;
                            }
                        }
                        zip.closeEntry();
                        String hex = HexFormat.of().formatHex(sha.digest());
                        if (object.info().sha256() != null && !object.info().sha256().equalsIgnoreCase(hex)) {
                            LOG.warn("backup: {}/{} does not match the checksum its store recorded; archived as read",
                                    bucket.id(), listed.key());
                        }
                        files.add(new Manifest.FileEntry(path, size, hex, bucket.id(), listed.key(),
                                object.info().contentType(), object.info().userMetadata()));
                        written.add(path);
                        progress.accept(files.size());
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
    }

    /**
     * One page of a listing. The local store walks its directory with {@code Files.walk}, which fails with
     * {@code NoSuchFileException} when a concurrent put renames its temp file away mid-walk; a backup runs while
     * users write, so such a listing is simply read again.
     */
    private ObjectPage list(Bucket bucket, String prefix, String cursor) {
        for (int attempt = 1;; attempt++) {
            try {
                return store.list(bucket, prefix, cursor, PAGE);
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    /**
     * Derby's online backup: a transactionally consistent copy of the database, taken while it serves. It needs the
     * database on this node's disk, so SmartSQL in network mode is refused.
     */
    private String backupDatabase(Path target) throws IOException {
        Files.createDirectories(target);
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            if (url == null || !url.startsWith("jdbc:derby:") || url.startsWith("jdbc:derby://")) {
                throw new ApiException(409, "database_not_local", "SmartSQL uses " + url + ": Derby writes an online "
                        + "backup on the disk of the node that holds the database, so back up on the node that serves it "
                        + "(io.pauz.sql.derby mode=embedded, serve=true)");
            }
            try (CallableStatement call = c.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
                call.setString(1, target.toString());
                call.execute();
            }
        } catch (SQLException e) {
            throw new ApiException(500, "backup_failed", "the database backup failed: " + e.getMessage(), e);
        }
        try (Stream<Path> dirs = Files.list(target)) {
            List<Path> found = dirs.filter(Files::isDirectory).toList();
            if (found.size() != 1) {
                throw new IOException("Derby wrote " + found.size() + " databases to " + target);
            }
            return found.get(0).getFileName().toString();
        }
    }

    private Manifest.Database addDatabase(ZipOutputStream zip, Path dir, String name, List<Manifest.FileEntry> files,
            LongConsumer progress) throws IOException {
        int count = 0;
        long bytes = 0;
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : all) {
            String path = "db/" + name + "/" + dir.relativize(file).toString().replace('\\', '/');
            MessageDigest sha = sha256();
            zip.putNextEntry(new ZipEntry(path));
            long size;
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                size = in.transferTo(zip);
            }
            zip.closeEntry();
            files.add(new Manifest.FileEntry(path, size, HexFormat.of().formatHex(sha.digest()), null, null, null, null));
            count++;
            bytes += size;
            progress.accept(files.size());
        }
        return new Manifest.Database(name, count, bytes);
    }

    // ---- archives ------------------------------------------------------------------------------

    /** The archives in {@code backup-archives/}, newest first. */
    public List<ArchiveInfo> list() {
        List<ArchiveInfo> archives = new ArrayList<>();
        String cursor = null;
        do {
            ObjectPage page = list(ARCHIVE_BUCKET, ARCHIVE_FOLDER, cursor);
            for (ObjectInfo listed : page.objects()) {
                String name = listed.key().substring(ARCHIVE_FOLDER.length());
                if (NAME.matcher(name).matches()) {
                    // listings of some providers (S3) carry no user metadata: head has it
                    store.head(ARCHIVE_BUCKET, listed.key()).ifPresent(info -> archives.add(ArchiveInfo.of(name, info)));
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        archives.sort(Comparator.comparing(ArchiveInfo::createdAt).thenComparing(ArchiveInfo::name).reversed());
        return archives;
    }

    public Optional<ArchiveInfo> archive(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return store.head(ARCHIVE_BUCKET, ARCHIVE_FOLDER + name).map(info -> ArchiveInfo.of(name, info));
    }

    public Optional<StoredObject> open(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return store.get(ARCHIVE_BUCKET, ARCHIVE_FOLDER + name);
    }

    public boolean delete(String name) {
        return name != null && NAME.matcher(name).matches() && store.delete(ARCHIVE_BUCKET, ARCHIVE_FOLDER + name);
    }

    /** Deletes the oldest archives beyond {@code keep} (0 keeps all). */
    void prune(int keep) {
        if (keep <= 0) {
            return;
        }
        List<ArchiveInfo> all = list();
        for (ArchiveInfo old : all.subList(Math.min(keep, all.size()), all.size())) {
            delete(old.name());
            LOG.info("backup: deleted {} (keep={})", old.name(), keep);
        }
    }

    /** Reads the named archive (or a zip file path) and proves every entry against its manifest. */
    public Manifest verify(String archive) {
        try (Local local = fetch(archive)) {
            return verify(local.zip());
        }
    }

    // ---- restore into a new data directory ----------------------------------------------------

    /**
     * Writes a complete new data directory at {@code target} from {@code archive} (an archive name in
     * {@code backup-archives/}, or the path of a zip file). Refuses a target that exists and is not an empty directory,
     * and a damaged archive, before writing anything.
     */
    public RestoreResult restore(String archive, Path target) {
        Path dir = target.toAbsolutePath().normalize();
        if (dir.toString().contains(";")) {
            throw ApiException.badRequest("bad_target", "the target directory must not contain ';'");
        }
        requireEmpty(dir);
        Path stagingParent = dir.getParent();
        Path staging = null;
        Path extracted = workDir.resolve(UUID.randomUUID() + "-restore-db");
        Local local = fetch(archive);
        try {
            Manifest manifest = verify(local.zip());
            Files.createDirectories(stagingParent);
            staging = stagingParent.resolve("." + dir.getFileName() + ".restoring-" + UUID.randomUUID());
            Files.createDirectories(staging);
            String dbName = manifest.database().name();
            try (ZipFile zip = new ZipFile(local.zip().toFile())) {
                for (Manifest.FileEntry f : manifest.files()) {
                    if (f.bucket() == null) {
                        Path out = extracted.resolve(f.path().substring("db/".length()));
                        Files.createDirectories(out.getParent());
                        try (InputStream in = zip.getInputStream(zip.getEntry(f.path()))) {
                            Files.copy(in, out);
                        }
                    }
                }
            }
            Path db = staging.resolve("db").resolve(dbName);
            Files.createDirectories(db.getParent());
            createFrom(db, extracted.resolve(dbName));
            Path pending = staging.resolve(RESTORE_FOLDER).resolve(local.name());
            Files.createDirectories(pending.getParent());
            Path part = pending.resolveSibling(local.name() + ".part");
            Files.copy(local.zip(), part);
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(part, pending, StandardCopyOption.ATOMIC_MOVE);
            requireEmpty(dir); // nobody wrote there meanwhile
            if (Files.isDirectory(dir)) {
                Files.delete(dir);
            }
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + staging + " to " + dir + " atomically", e);
            }
            staging = null;
            LOG.info("restore: {} written from {}: database {}, {} objects to put when an instance starts on it", dir,
                    local.name(), dbName, manifest.objects().count());
            return new RestoreResult(local.name(), dir.toString(), dbName, manifest.database().files(),
                    manifest.objects().count(), manifest.objects().bytes(), RESTORE_FOLDER + "/" + local.name());
        } catch (IOException e) {
            throw new ApiException(500, "restore_failed", "restore failed: " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
            deleteTree(extracted);
            local.close();
        }
    }

    /** A second embedded database created from the backup, then shut down so its files can move. */
    private static void createFrom(Path db, Path backup) throws IOException {
        EmbeddedDataSource create = new EmbeddedDataSource();
        create.setDatabaseName(db.toString());
        create.setConnectionAttributes("createFrom=" + backup);
        try (Connection c = create.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM SYS.SYSTABLES")) {
            rs.next(); // the copy boots and answers
        } catch (SQLException e) {
            throw new IOException("Derby could not create the database from the backup: " + e.getMessage(), e);
        }
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setDatabaseName(db.toString());
        shutdown.setShutdownDatabase("shutdown");
        try {
            shutdown.getConnection().close();
        } catch (SQLException expected) {
            // 08006: shut down
        }
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new ApiException(409, "target_not_empty", dir + " exists and is not a directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                throw new ApiException(409, "target_not_empty",
                        dir + " is not empty; restore writes a new data directory and never overwrites one");
            }
        } catch (IOException e) {
            throw new ApiException(409, "target_not_empty", dir + " cannot be read: " + e.getMessage());
        }
    }

    // ---- restore of objects on the new instance -----------------------------------------------

    /** The archive waiting in {@code <data>/restore/}, if any. */
    static Optional<Path> pendingArchive(Path dataDir) {
        Path dir = dataDir.resolve(RESTORE_FOLDER);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches()).sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts every object of the pending archive into this instance's store, then removes the archive. The store must
     * hold nothing but objects of this archive (an earlier run that died part way is resumed; anything else means this
     * is not the new, empty instance, and nothing is written). {@code progress} hears objects done so far.
     */
    public long restorePending(Path archive, LongConsumer progress) {
        Manifest manifest = verify(archive);
        Map<String, Manifest.FileEntry> wanted = new HashMap<>();
        for (Manifest.FileEntry f : manifest.files()) {
            if (f.bucket() != null) {
                wanted.put(f.bucket() + "/" + f.key(), f);
            }
        }
        List<String> foreign = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Bucket bucket : Bucket.values()) {
            String cursor = null;
            do {
                ObjectPage page = list(bucket, "", cursor);
                for (ObjectInfo o : page.objects()) {
                    if (bucket == ARCHIVE_BUCKET && o.key().startsWith(ARCHIVE_FOLDER)) {
                        continue;
                    }
                    Manifest.FileEntry f = wanted.get(bucket.id() + "/" + o.key());
                    if (f == null || (o.sha256() != null && !o.sha256().equalsIgnoreCase(f.sha256()))) {
                        foreign.add(bucket.id() + "/" + o.key());
                    } else {
                        present.add(bucket.id() + "/" + o.key());
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        if (!foreign.isEmpty()) {
            throw new ApiException(409, "store_not_empty", "the bucket store holds " + foreign.size()
                    + " objects that are not in " + archive.getFileName() + " (e.g. " + foreign.get(0)
                    + "); objects are restored only into an empty store");
        }
        // Puts run on a few threads: each is fsync-bound in the local store, so they overlap well.
        AtomicLong done = new AtomicLong();
        ExecutorService puts = Executors.newFixedThreadPool(PUT_THREADS);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<Future<?>> running = new ArrayList<>();
            for (Manifest.FileEntry f : wanted.values()) {
                Bucket bucket = Bucket.byId(f.bucket()).orElseThrow();
                boolean there = present.contains(f.bucket() + "/" + f.key());
                running.add(puts.submit(() -> {
                    if (!there) {
                        try (InputStream in = zip.getInputStream(zip.getEntry(f.path()))) {
                            ObjectInfo put = store.put(bucket, f.key(), in, new PutOptions(f.contentType(), f.metadata()));
                            if (put.sha256() != null && !put.sha256().equalsIgnoreCase(f.sha256())) {
                                throw new IOException("stored " + f.path() + " does not match its checksum");
                            }
                        }
                    }
                    progress.accept(done.incrementAndGet());
                    return null;
                }));
            }
            for (Future<?> r : running) {
                try {
                    r.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(e.getCause().getMessage(), e.getCause());
                }
            }
        } catch (IOException e) {
            throw new ApiException(500, "restore_failed", "restoring objects failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "backup_stopped", "PAUZ is stopping the backup service");
        } finally {
            puts.shutdownNow();
        }
        try {
            Files.delete(archive);
        } catch (IOException e) {
            LOG.warn("restore: could not remove {}; it would be restored again (harmlessly) at the next start", archive, e);
        }
        LOG.info("restore: {} objects from {} are back", done.get(), archive.getFileName());
        return done.get();
    }

    // ---- verification ---------------------------------------------------------------------------

    /**
     * Proves a local zip whole: a manifest of this format; the central directory and the entries as they lie in the
     * file (read in order, local headers included) both hold exactly the listed paths; every entry has its size and
     * SHA-256. Any damaged byte that matters for a restore fails one of these.
     */
    Manifest verify(Path zipFile) {
        Manifest manifest;
        byte[] manifestBytes;
        Map<String, Manifest.FileEntry> listed = new HashMap<>();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            ZipEntry me = zip.getEntry(MANIFEST);
            if (me == null) {
                throw corrupt("it has no " + MANIFEST);
            }
            try (InputStream in = zip.getInputStream(me)) {
                manifestBytes = in.readAllBytes();
            }
            manifest = json.readValue(manifestBytes, Manifest.class);
            if (!Manifest.FORMAT.equals(manifest.format()) || manifest.version() != Manifest.VERSION
                    || manifest.files() == null || manifest.database() == null || manifest.objects() == null) {
                throw corrupt("it is not a PAUZ backup of version " + Manifest.VERSION);
            }
            checkSegment(manifest.database().name());
            for (Manifest.FileEntry f : manifest.files()) {
                checkPath(f, manifest.database().name());
                if (listed.put(f.path(), f) != null) {
                    throw corrupt("it lists " + f.path() + " twice");
                }
            }
            int central = 0;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); central++) {
                String name = e.nextElement().getName();
                if (!name.equals(MANIFEST) && !listed.containsKey(name)) {
                    throw corrupt("it holds " + name + ", which its manifest does not list");
                }
            }
            if (central != listed.size() + 1) {
                throw corrupt("its directory holds " + central + " entries, its manifest lists " + (listed.size() + 1));
            }
        } catch (JsonProcessingException e) {
            throw corrupt("its manifest is not valid: " + e.getOriginalMessage());
        } catch (ZipException e) {
            throw corrupt("it is not a readable zip: " + e.getMessage());
        } catch (IOException e) {
            throw corrupt("it cannot be read: " + e.getMessage());
        }
        Set<String> seen = new HashSet<>();
        byte[] buffer = new byte[1 << 16];
        try (ZipInputStream in = new ZipInputStream(new java.io.BufferedInputStream(Files.newInputStream(zipFile), 1 << 16))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                String name = entry.getName();
                if (!seen.add(name)) {
                    throw corrupt("it holds " + name + " twice");
                }
                if (name.equals(MANIFEST)) {
                    if (!java.util.Arrays.equals(in.readAllBytes(), manifestBytes)) {
                        throw corrupt("its manifest differs from its directory's");
                    }
                    continue;
                }
                Manifest.FileEntry f = listed.get(name);
                if (f == null) {
                    throw corrupt("it holds " + name + ", which its manifest does not list");
                }
                MessageDigest sha = sha256();
                long size = 0;
                for (int n; (n = in.read(buffer)) > 0;) {
                    sha.update(buffer, 0, n);
                    size += n;
                }
                if (size != f.size() || f.sha256() == null || !HexFormat.of().formatHex(sha.digest()).equalsIgnoreCase(f.sha256())) {
                    throw corrupt(f.path() + " does not match its checksum");
                }
            }
        } catch (ZipException e) {
            throw corrupt("it is not a readable zip: " + e.getMessage());
        } catch (IOException e) {
            throw corrupt("it cannot be read: " + e.getMessage());
        }
        if (seen.size() != listed.size() + 1) {
            throw corrupt((listed.size() + 1 - seen.size()) + " listed entries are missing");
        }
        return manifest;
    }

    /** No entry may point outside its place: database files under db/<name>/, objects by valid bucket and key. */
    private static void checkPath(Manifest.FileEntry f, String dbName) {
        String path = f.path();
        if (path == null) {
            throw corrupt("an entry has no path");
        }
        if (f.bucket() != null) {
            if (Bucket.byId(f.bucket()).isEmpty() || f.key() == null
                    || !path.equals("objects/" + f.bucket() + "/" + f.key())) {
                throw corrupt("bad object entry " + path);
            }
            try {
                ObjectKeys.validate(f.key());
            } catch (BucketException e) {
                throw corrupt("bad object key " + path);
            }
        } else {
            String prefix = "db/" + dbName + "/";
            if (!path.startsWith(prefix) || path.length() == prefix.length()) {
                throw corrupt("bad database entry " + path);
            }
            for (String segment : path.substring(prefix.length()).split("/", -1)) {
                checkSegment(segment);
            }
        }
    }

    private static void checkSegment(String segment) {
        if (segment == null || segment.equals(".") || segment.equals("..") || !DB_SEGMENT.matcher(segment).matches()) {
            throw corrupt("bad database path segment '" + segment + "'");
        }
    }

    private static ApiException corrupt(String why) {
        return ApiException.unprocessable("archive_corrupt", "the archive is damaged or not a PAUZ backup: " + why
                + "; nothing was restored");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** An archive as a local file: a temp copy of a stored archive, or the operator's own file. */
    private record Local(String name, Path zip, boolean temporary) implements AutoCloseable {
        @Override
        public void close() {
            if (temporary) {
                deleteTree(zip);
            }
        }
    }

    private Local fetch(String archive) {
        if (archive != null && NAME.matcher(archive).matches()) {
            Optional<StoredObject> stored = store.get(ARCHIVE_BUCKET, ARCHIVE_FOLDER + archive);
            if (stored.isPresent()) {
                Path temp = workDir.resolve(UUID.randomUUID() + "-" + archive);
                MessageDigest sha = sha256();
                try (StoredObject object = stored.get(); InputStream in = new DigestInputStream(object.content(), sha)) {
                    Files.createDirectories(workDir);
                    Files.copy(in, temp);
                    String recorded = object.info().sha256();
                    if (recorded != null && !recorded.equalsIgnoreCase(HexFormat.of().formatHex(sha.digest()))) {
                        deleteTree(temp);
                        throw corrupt("it does not match the checksum its store recorded when it was written");
                    }
                    return new Local(archive, temp, true);
                } catch (IOException e) {
                    deleteTree(temp);
                    throw new ApiException(500, "restore_failed", "cannot read archive " + archive + ": " + e.getMessage(), e);
                }
            }
        }
        if (archive != null && !archive.isBlank()) {
            Path file = Path.of(archive).toAbsolutePath().normalize();
            if (file.isAbsolute() && Files.isRegularFile(file)) {
                String name = file.getFileName().toString();
                return new Local(NAME.matcher(name).matches() ? name : STAMP.format(clock.instant()) + ".zip", file, false);
            }
        }
        throw ApiException.notFound("backup_not_found", "no archive " + archive + " in media-storage/" + ARCHIVE_FOLDER
                + " and no such zip file");
    }

    private static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new ApiException(503, "backup_stopped", "PAUZ is stopping the backup service");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException gone) {
            // nothing to remove
        } catch (IOException e) {
            LOG.warn("could not remove {}", path, e);
        }
    }

    /** Counts of a manifest for display. */
    static Map<String, Object> summary(Manifest m) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("createdAt", m.createdAt());
        s.put("pauzVersion", m.pauzVersion());
        s.put("database", m.database());
        s.put("objects", m.objects());
        return s;
    }
}
