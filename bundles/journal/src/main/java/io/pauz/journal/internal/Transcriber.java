package io.pauz.journal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.ObjectKeys;
import io.pauz.api.bucket.PutOptions;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalEvent;
import io.pauz.api.journal.Transcription;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.api.rest.ApiException;
import io.pauz.api.speech.SpeechEngine;
import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;
import io.pauz.support.DaemonThreads;
import io.pauz.support.Ids;

/**
 * Voice entries and their transcription jobs. A job is a row in {@code free_journal_transcriptions};
 * the in-memory queue only holds the ones about to run, so a full queue, a missing engine or a restart
 * never loses a job: a sweeper re-reads pending rows from SQL, and at start-up jobs left "running" by a
 * crash become pending again.
 */
final class Transcriber {
    static final String PROCESSING_FOLDER = "audio-processing/";
    static final String RECORDINGS_FOLDER = "voice-recordings/";
    static final String TRANSCRIPTS_FOLDER = "transcriptions/";
    private static final Logger LOG = LoggerFactory.getLogger(Transcriber.class);
    private static final long SWEEP_SECONDS = 5;

    private final JournalServiceImpl journal;
    private final AudioConverter converter;
    private final Path workDir;
    private final ObjectMapper json = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("pauz-transcription-sweeper"));
    /** Jobs queued or running in this process, so the sweeper never queues one twice. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final DoubleAdder audioSeconds = new DoubleAdder();
    private final DoubleAdder decodeSeconds = new DoubleAdder();
    private volatile boolean waitingForEngine;
    /** Set by {@link #stop()}: a job cut short by the stop is the stop's fault, not the recording's. */
    private volatile boolean stopping;
    private final AtomicLong requeued = new AtomicLong();

    Transcriber(JournalServiceImpl journal, AudioConverter converter, Path workDir) {
        this.journal = journal;
        this.converter = converter;
        this.workDir = workDir;
        int n = Math.max(1, journal.config.transcription_workers());
        this.workers = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(Math.max(1, journal.config.transcription_queue())),
                DaemonThreads.named("pauz-transcription"));
    }

    /**
     * Jobs left "running" become pending again, unless another revision of this bundle runs (a side-by-side update):
     * they are its jobs then, which it finishes or hands back as pending when it stops.
     */
    void start(boolean otherRevisionRunning) {
        if (!otherRevisionRunning) {
            resetRunningJobs();
        }
        sweeper.scheduleWithFixedDelay(this::sweep, 0, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private void resetRunningJobs() {
        try (SqlSession session = journal.sql.openSession(true)) {
            JournalMapper mapper = session.getMapper(JournalMapper.class);
            int resumed = mapper.resetRunningJobs(journal.clock.instant());
            mapper.resetRunningEntries();
            if (resumed > 0) {
                LOG.info("{} transcription job(s) interrupted by a stop run again", resumed);
            }
        }
    }

    void stop() {
        stopping = true;
        sweeper.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void wakeUp() {
        try {
            sweeper.execute(this::sweep);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    void forget(String entryId) {
        inFlight.remove(entryId);
    }

    static String transcriptKey(String userId, String entryId) {
        return ObjectKeys.userKey(TRANSCRIPTS_FOLDER, userId, entryId + ".json");
    }

    // ---- upload --------------------------------------------------------------------------------

    /** Result of an upload: the new entry and its job. */
    record Accepted(JournalEntry entry, JobRow job) {
    }

    Accepted accept(String userId, InputStream body, String mediaType, String title, String language) throws IOException {
        if (!converter.supports(mediaType)) {
            throw new ApiException(415, "unsupported_audio", "recordings must be one of " + converter.supportedTypes());
        }
        String checkedTitle = journal.checkTitle(title);
        String lang = language == null || language.isBlank() ? journal.config.speech_language() : language;
        if (!lang.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}")) {
            throw ApiException.badRequest("bad_language", "language must be a BCP 47 tag such as en or en-GB");
        }
        Path upload = journal.receive(body, journal.config.audio_max_bytes());
        Path wav = workDir.resolve(upload.getFileName() + ".wav");
        try {
            if (Files.size(upload) == 0) {
                throw ApiException.unprocessable("empty_recording", "the recording is empty");
            }
            AudioConverter.Decoded decoded;
            try {
                decoded = converter.toSpeechWav(upload, mediaType, wav, journal.config.audio_max_seconds());
            } catch (AudioConverter.BadAudioException e) {
                throw new ApiException(e.unsupported ? 415 : 422, e.unsupported ? "unsupported_audio" : "invalid_audio",
                        e.getMessage());
            }
            Instant now = journal.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            EntryRow row = journal.newRow(userId, checkedTitle, "", now, now, "voice");
            row.hasAudio = true;
            row.transcriptionStatus = "pending";
            String base = AudioConverter.baseType(mediaType);
            String audioKey = ObjectKeys.userKey(PROCESSING_FOLDER, userId, row.entryId + extension(base));
            String textKey = JournalServiceImpl.textKey(userId, row.entryId, 1);
            JobRow job = new JobRow();
            job.entryId = row.entryId;
            job.userId = userId;
            job.status = "pending";
            job.mediaType = base;
            job.audioKey = audioKey;
            job.audioBytes = Files.size(upload);
            job.audioSeconds = decoded.seconds();
            job.language = lang;
            job.createdAt = now;
            job.updatedAt = now;
            try (InputStream in = Files.newInputStream(upload)) {
                journal.buckets.put(Bucket.MEDIA_STORAGE, audioKey, in, PutOptions.of(base));
            }
            try {
                journal.buckets.put(Bucket.FREE_JOURNALS, textKey, new byte[0], "text/plain; charset=utf-8");
                try (SqlSession session = journal.sql.openSession(false)) {
                    JournalMapper mapper = session.getMapper(JournalMapper.class);
                    mapper.insertEntry(row);
                    mapper.insertJob(job);
                    session.commit();
                }
            } catch (RuntimeException e) {
                journal.deleteQuietly(Bucket.MEDIA_STORAGE, audioKey);
                journal.deleteQuietly(Bucket.FREE_JOURNALS, textKey);
                throw e;
            }
            JournalEntry entry = row.toEntry("");
            journal.publish(JournalEvent.Type.CREATED, entry);
            submit(row.entryId);
            return new Accepted(entry, job);
        } finally {
            Files.deleteIfExists(upload);
            Files.deleteIfExists(wav);
        }
    }

    private static String extension(String mediaType) {
        return switch (mediaType) {
            case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave" -> ".wav";
            case "audio/aiff", "audio/x-aiff" -> ".aiff";
            case "audio/basic", "audio/au" -> ".au";
            case "audio/webm" -> ".webm";
            case "audio/ogg", "audio/opus" -> ".ogg";
            case "audio/mpeg", "audio/mp3" -> ".mp3";
            case "audio/mp4", "audio/x-m4a", "audio/aac" -> ".m4a";
            case "audio/flac", "audio/x-flac" -> ".flac";
            default -> ".bin";
        };
    }

    /** Marks a failed job pending again and queues it. */
    JobRow retry(String userId, String entryId) {
        JobRow job = requireJob(userId, entryId);
        if (!"failed".equals(job.status)) {
            throw new ApiException(409, "not_retryable", "only a failed transcription can be retried; this one is " + job.status);
        }
        try (SqlSession session = journal.sql.openSession(false)) {
            JournalMapper mapper = session.getMapper(JournalMapper.class);
            mapper.retryJob(userId, entryId, journal.clock.instant());
            mapper.updateTranscriptionStatus(userId, entryId, "pending", journal.clock.instant());
            session.commit();
        }
        submit(entryId);
        return requireJob(userId, entryId);
    }

    JobRow requireJob(String userId, String entryId) {
        if (Ids.isUuid(entryId)) {
            try (SqlSession session = journal.sql.openSession()) {
                JobRow job = session.getMapper(JournalMapper.class).job(userId, entryId);
                if (job != null) {
                    return job;
                }
            }
        }
        throw ApiException.notFound("transcription_not_found", "this entry has no recording");
    }

    /** The transcript stored for a finished job. */
    Map<String, Object> transcript(String userId, String entryId) {
        return journal.buckets.get(Bucket.FREE_JOURNALS, transcriptKey(userId, entryId)).map(stored -> {
            try (StoredObject s = stored) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = json.readValue(s.content(), Map.class);
                return m;
            } catch (IOException e) {
                throw JournalServiceImpl.unchecked(e);
            }
        }).orElse(null);
    }

    /** The job as the API shows it, with {@code transcript} (text and words) when given. */
    Transcription view(JobRow job, Map<String, Object> transcript) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> words = transcript == null ? null
                : (List<Map<String, Object>>) transcript.getOrDefault("words", List.of());
        return new Transcription(job.entryId, job.status, job.engine, job.attempts, job.audioSeconds, job.mediaType,
                job.language, job.error, job.updatedAt, transcript == null ? null : (String) transcript.get("text"), words,
                "pending".equals(job.status) && waitingForEngine);
    }

    boolean waitingForEngine() {
        return waitingForEngine;
    }

    // ---- running jobs ------------------------------------------------------------------------------

    private void submit(String entryId) {
        if (journal.speechEngine() == null) {
            waitingForEngine = true;
            return; // stays pending in SQL; the sweeper queues it when an engine arrives
        }
        if (!inFlight.add(entryId)) {
            return;
        }
        try {
            workers.execute(() -> run(entryId));
        } catch (RejectedExecutionException e) {
            inFlight.remove(entryId); // queue full or stopping: the sweeper picks it up from SQL later
        }
    }

    private void sweep() {
        try {
            waitingForEngine = journal.speechEngine() == null;
            if (waitingForEngine) {
                return;
            }
            int room = workers.getQueue().remainingCapacity();
            if (room == 0) {
                return;
            }
            List<JobRow> pending;
            try (SqlSession session = journal.sql.openSession()) {
                pending = session.getMapper(JournalMapper.class).pendingJobs(room + inFlight.size());
            }
            for (JobRow job : pending) {
                submit(job.entryId);
            }
        } catch (RuntimeException e) {
            LOG.warn("transcription sweep failed: {}", e.toString());
        }
    }

    private void run(String entryId) {
        try {
            runClaimed(entryId);
        } catch (RuntimeException e) {
            LOG.error("transcription of {} failed unexpectedly", entryId, e);
        } finally {
            inFlight.remove(entryId);
        }
    }

    private void runClaimed(String entryId) {
        SpeechEngine engine = journal.speechEngine();
        if (engine == null) {
            return;
        }
        JobRow job;
        Instant now = journal.clock.instant();
        try (SqlSession session = journal.sql.openSession(false)) {
            JournalMapper mapper = session.getMapper(JournalMapper.class);
            if (mapper.claimJob(entryId, engine.id(), now) == 0) {
                return; // done, deleted or claimed elsewhere
            }
            session.commit();
            job = selectJob(mapper, entryId);
            mapper.updateTranscriptionStatus(job.userId, entryId, "running", now);
            session.commit();
        }
        Path original = null;
        Path wav = null;
        try {
            original = Files.createTempFile(workDir, "job-", ".bin");
            wav = workDir.resolve(original.getFileName() + ".wav");
            try (StoredObject stored = journal.buckets.get(Bucket.MEDIA_STORAGE, job.audioKey)
                    .orElseThrow(() -> new SpeechException("the recording is missing from storage", null))) {
                Files.copy(stored.content(), original, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            converter.toSpeechWav(original, job.mediaType, wav, journal.config.audio_max_seconds());
            long started = System.nanoTime();
            Transcript transcript = engine.transcribe(wav, "audio/wav", job.language);
            double took = (System.nanoTime() - started) / 1e9;
            decodeSeconds.add(took);
            audioSeconds.add(job.audioSeconds);
            LOG.info("transcribed {} s of audio in {} s with {}", String.format("%.1f", job.audioSeconds),
                    String.format("%.1f", took), engine.id());
            complete(job, engine, transcript, took);
        } catch (SpeechException | AudioConverter.BadAudioException | IOException | RuntimeException e) {
            if (stopping || !journal.isInstalled(engine)) {
                // The journal or the engine is restarting ("the sphinx4 engine is stopping", an interrupt):
                // nothing is known about the recording, so the job waits for the next engine.
                requeue(job, engine, e);
            } else {
                fail(job, e);
            }
        } finally {
            deleteQuietly(original);
            deleteQuietly(wav);
        }
    }

    private JobRow selectJob(JournalMapper mapper, String entryId) {
        // the user id is not known yet here; the claim above proved the job exists
        return mapper.jobByEntry(entryId);
    }

    private void complete(JobRow job, SpeechEngine engine, Transcript transcript, double took) throws IOException {
        String text = transcript.text() == null ? "" : transcript.text().strip();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("entryId", job.entryId);
        doc.put("engine", engine.id());
        doc.put("language", transcript.language());
        doc.put("text", text);
        doc.put("words", transcript.words());
        doc.put("audioSeconds", job.audioSeconds);
        doc.put("decodeSeconds", took);
        doc.put("createdAt", journal.clock.instant().toString());
        String transcriptKey = transcriptKey(job.userId, job.entryId);
        journal.buckets.put(Bucket.FREE_JOURNALS, transcriptKey, json.writeValueAsBytes(doc), "application/json");
        String recordingKey = ObjectKeys.userKey(RECORDINGS_FOLDER, job.userId,
                job.audioKey.substring(job.audioKey.lastIndexOf('/') + 1));
        try (StoredObject stored = journal.buckets.get(Bucket.MEDIA_STORAGE, job.audioKey)
                .orElseThrow(() -> new IOException("the recording vanished"))) {
            journal.buckets.put(Bucket.FREE_JOURNALS, recordingKey, stored.content(), PutOptions.of(job.mediaType));
        }
        int finished;
        try (SqlSession session = journal.sql.openSession(false)) {
            JournalMapper mapper = session.getMapper(JournalMapper.class);
            finished = mapper.finishJob(job.entryId, "done", recordingKey, null, journal.clock.instant());
            mapper.updateTranscriptionStatus(job.userId, job.entryId, "done", journal.clock.instant());
            session.commit();
        }
        if (finished == 0) { // the entry was deleted while it was transcribed
            journal.deleteQuietly(Bucket.FREE_JOURNALS, transcriptKey);
            journal.deleteQuietly(Bucket.FREE_JOURNALS, recordingKey);
            return;
        }
        journal.deleteQuietly(Bucket.MEDIA_STORAGE, job.audioKey);
        done.incrementAndGet();
        EntryRow row;
        try (SqlSession session = journal.sql.openSession()) {
            row = session.getMapper(JournalMapper.class).entry(job.userId, job.entryId);
        }
        if (row != null) {
            journal.publish(JournalEvent.Type.TRANSCRIBED, row.toEntry(null));
        }
        if (!text.isEmpty()) {
            try {
                journal.replaceText(job.userId, job.entryId, text, row == null ? null : row.title, null, true);
            } catch (ApiException e) {
                LOG.debug("transcript of {} not applied: {}", job.entryId, e.getMessage());
            }
        }
    }

    /** Puts a claimed job back to pending without counting the attempt. */
    private void requeue(JobRow job, SpeechEngine engine, Exception e) {
        // stop() interrupts the worker, and Derby closes the connection of an interrupted thread: the flag waits.
        boolean interrupted = Thread.interrupted();
        // Set before the job shows as pending again, so whoever sees it pending also sees why it waits.
        SpeechEngine next = journal.speechEngine();
        waitingForEngine = next == null;
        try (SqlSession session = journal.sql.openSession(false)) {
            JournalMapper mapper = session.getMapper(JournalMapper.class);
            if (mapper.requeueJob(job.entryId, journal.clock.instant()) == 1) { // 0: finished or deleted already
                mapper.updateTranscriptionStatus(job.userId, job.entryId, "pending", journal.clock.instant());
                requeued.incrementAndGet();
                LOG.info("transcription of {} cut short by a restart ({}); it runs again when an engine is available",
                        job.entryId, e.toString());
            }
            session.commit();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!stopping && next != null && next != engine) {
            wakeUp(); // a new engine is there already; the sweeper would also find the job within SWEEP_SECONDS
        }
    }

    private void fail(JobRow job, Exception e) {
        String reason = e instanceof AudioConverter.BadAudioException || e instanceof SpeechException
                ? e.getMessage() : "transcription failed: " + e.getClass().getSimpleName();
        LOG.warn("transcription of {} failed: {}", job.entryId, e.toString());
        try (SqlSession session = journal.sql.openSession(false)) {
            JournalMapper mapper = session.getMapper(JournalMapper.class);
            if (mapper.finishJob(job.entryId, "failed", job.audioKey, JournalServiceImpl.truncate(reason, 1000),
                    journal.clock.instant()) == 1) { // 0: the job finished (a later step failed) or was deleted
                mapper.updateTranscriptionStatus(job.userId, job.entryId, "failed", journal.clock.instant());
                failed.incrementAndGet();
            }
            session.commit();
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("could not delete {}", p);
            }
        }
    }

    void contribute(MetricsWriter writer) {
        writer.gauge("pauz_transcription_queue", "Transcription jobs queued or running in this process", Map.of(),
                inFlight.size());
        writer.gauge("pauz_transcription_waiting_for_engine", "1 while jobs wait because no speech engine is installed",
                Map.of(), waitingForEngine ? 1 : 0);
        writer.counter("pauz_transcription_jobs_total", "Transcription jobs finished", Map.of("outcome", "done"), done.get());
        writer.counter("pauz_transcription_jobs_total", "Transcription jobs finished", Map.of("outcome", "failed"), failed.get());
        writer.counter("pauz_transcription_requeued_total", "Transcription jobs put back to pending by a restart", Map.of(),
                requeued.get());
        writer.counter("pauz_transcription_audio_seconds_total", "Seconds of audio transcribed", Map.of(), audioSeconds.sum());
        writer.counter("pauz_transcription_decode_seconds_total", "Seconds spent transcribing", Map.of(), decodeSeconds.sum());
    }
}
