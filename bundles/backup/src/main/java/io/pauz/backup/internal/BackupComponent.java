package io.pauz.backup.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.platform.PlatformInfo;
import io.pauz.api.rest.ApiException;
import io.pauz.support.AwaitedBucketStore;

/**
 * Runs backups one at a time on its own thread (REST answers 202 at once, Gogo waits), and at start puts back the
 * objects of an archive that a restore left in {@code <data dir>/restore/}. Health is DOWN until that is done, so
 * an operator (or a load balancer) sees when the restored instance is complete.
 */
@Component(service = { BackupComponent.class, HealthIndicator.class }, configurationPid = "io.pauz.backup")
@Designate(ocd = BackupConfig.class)
public class BackupComponent implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(BackupComponent.class);
    private static final int JOBS_KEPT = 20;

    private final BackupEngine engine;
    private final BackupConfig config;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pauz-backup");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, BackupJob> jobs = new LinkedHashMap<>();
    private final Map<String, Future<?>> futures = new LinkedHashMap<>();
    private String running;
    private volatile RestoreState restore;

    /**
     * Mandatory but dynamic: a provider updated side by side or switched while another is there leaves this component,
     * its REST resource and a backup under way in place (a restart would rebuild the whole REST application and stop
     * the backup); the engine calls whichever provider is current.
     */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile BucketStore bucketProvider;
    private final Path dataDir;

    @Activate
    public BackupComponent(BackupConfig config, @Reference DataSource dataSource, @Reference PlatformInfo platform) {
        this(config, dataSource, null, platform.dataDirectory(), platform.version());
    }

    /** Tests: a fixed bucket store; the pending restore starts at once. */
    BackupComponent(BackupConfig config, DataSource dataSource, BucketStore store, Path dataDir, String version) {
        this.config = config;
        this.dataDir = dataDir;
        this.bucketProvider = store;
        Path work = config.work_dir().isBlank() ? dataDir.resolve("backup-work") : Path.of(config.work_dir());
        this.engine = new BackupEngine(dataSource, new AwaitedBucketStore(() -> bucketProvider), work, Clock.systemUTC(), version);
        engine.cleanWorkDir(); // a backup or restore that died with the process
        if (store != null) {
            restorePendingArchive();
        }
    }

    /** After the provider is bound (DS calls this once the fields are set): a restore an operator left pending runs. */
    @Activate
    void restorePendingArchive() {
        Optional<Path> pending = BackupEngine.pendingArchive(dataDir);
        if (pending.isPresent() && config.restore_on_start()) {
            Path archive = pending.get();
            restore = new RestoreState(archive.getFileName().toString(), "running", -1, 0, null);
            worker.submit(() -> restorePending(archive));
        }
    }

    private void restorePending(Path archive) {
        String name = archive.getFileName().toString();
        LOG.info("restore: putting the objects of {} into the bucket store", name);
        try {
            // objects is -1 (unknown) until done: the count is in the manifest, read while verifying
            long done = engine.restorePending(archive, n -> restore = new RestoreState(name, "running", -1, n, null));
            restore = new RestoreState(name, "done", done, done, null);
        } catch (RuntimeException e) {
            LOG.error("restore of {} failed; fix the cause and restart to retry", name, e);
            restore = new RestoreState(name, "failed", -1, restore == null ? 0 : restore.done(), e.getMessage());
        }
    }

    BackupEngine engine() {
        return engine;
    }

    /** Starts a backup; 409 while one runs or a restore is putting objects back. */
    public synchronized BackupJob start() {
        if (running != null) {
            throw new ApiException(409, "backup_running", "backup " + running + " is still running; one runs at a time");
        }
        RestoreState r = restore;
        if (r != null && r.status().equals("running")) {
            throw new ApiException(409, "restore_running", "objects of " + r.archive() + " are still being restored");
        }
        String id = UUID.randomUUID().toString();
        BackupJob job = new BackupJob(id, "running", Instant.now().toString(), null, 0, null, null);
        running = id;
        remember(job);
        futures.put(id, worker.submit(() -> run(job)));
        return job;
    }

    private void run(BackupJob job) {
        try {
            ArchiveInfo archive = engine.backup(n -> update(job.id(), n));
            finish(new BackupJob(job.id(), "done", job.startedAt(), Instant.now().toString(), entries(job.id()), archive, null));
            engine.prune(config.keep());
        } catch (RuntimeException e) {
            LOG.error("backup {} failed", job.id(), e);
            finish(new BackupJob(job.id(), "failed", job.startedAt(), Instant.now().toString(), entries(job.id()), null,
                    e.getMessage()));
        }
    }

    private synchronized void update(String id, long entries) {
        BackupJob j = jobs.get(id);
        if (j != null) {
            jobs.put(id, new BackupJob(id, j.status(), j.startedAt(), null, entries, null, null));
        }
    }

    private synchronized long entries(String id) {
        BackupJob j = jobs.get(id);
        return j == null ? 0 : j.entries();
    }

    private synchronized void finish(BackupJob job) {
        jobs.put(job.id(), job);
        futures.remove(job.id());
        running = null;
    }

    private void remember(BackupJob job) {
        jobs.put(job.id(), job);
        while (jobs.size() > JOBS_KEPT) {
            String oldest = jobs.keySet().iterator().next();
            jobs.remove(oldest);
        }
    }

    /** Runs a backup and waits for it (Gogo). */
    public ArchiveInfo backupAndWait() throws InterruptedException {
        BackupJob job = start();
        Future<?> future;
        synchronized (this) {
            future = futures.get(job.id());
        }
        if (future != null) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        BackupJob done = job(job.id()).orElseThrow();
        if (done.archive() == null) {
            throw new IllegalStateException("backup failed: " + done.error());
        }
        return done.archive();
    }

    public synchronized Optional<BackupJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public synchronized List<BackupJob> jobs() {
        return new ArrayList<>(jobs.values());
    }

    public synchronized Optional<BackupJob> runningJob() {
        return running == null ? Optional.empty() : Optional.ofNullable(jobs.get(running));
    }

    public Optional<RestoreState> restoreState() {
        return Optional.ofNullable(restore);
    }

    @Deactivate
    void stop() throws InterruptedException {
        worker.shutdownNow(); // a running backup stops at its next object; its temp files go at the next start
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public HealthStatus check() {
        Map<String, Object> details = new LinkedHashMap<>();
        RestoreState r = restore;
        runningJob().ifPresent(j -> details.put("runningBackup", j.id()));
        if (r != null) {
            details.put("restore", r);
            if (!r.status().equals("done")) {
                return new HealthStatus(HealthStatus.State.DOWN, r.status().equals("running")
                        ? "restoring the objects of " + r.archive() + " (" + r.done() + " done)"
                        : "restoring the objects of " + r.archive() + " failed: " + r.error(), details);
            }
        }
        return new HealthStatus(HealthStatus.State.UP, "backups ready", details);
    }
}
