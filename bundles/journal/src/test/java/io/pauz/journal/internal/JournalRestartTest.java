package io.pauz.journal.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.ibatis.session.SqlSession;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.pauz.api.journal.EntryDraft;
import io.pauz.api.journal.EntryQuery;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.mood.MoodReading;
import io.pauz.api.speech.SpeechEngine;
import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;

/** The journal component or a speech engine restarting while work is in flight. */
public class JournalRestartTest {
    static final String A = "user-a";

    private Fixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture();
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    /** A save still in flight when the component deactivates: the mood pool refuses work, the save must not. */
    @Test
    public void saveDuringDeactivationSucceedsWithoutMood() throws Exception {
        fx.addAnalyzer(new FixedAnalyzer());
        JournalEntry before = fx.service.create(A, EntryDraft.of("a calm and happy day", null));
        assertNotNull("the analyzer works while the journal runs", before.moodLabel());

        fx.service.deactivate();
        JournalEntry saved = fx.service.create(A, EntryDraft.of("written while the journal restarts", "late"));
        assertNull(saved.moodLabel());
        assertEquals("written while the journal restarts", fx.service.find(A, saved.id()).orElseThrow().text());
        JournalEntry edited = fx.service.update(A, saved.id(), EntryDraft.of("edited while it restarts", "late"), null);
        assertEquals(2, edited.version());
        assertNull(edited.moodLabel());
        assertEquals(2, fx.service.list(A, EntryQuery.all(10, null)).entries().size());
        assertEquals(2, fx.count("free_journal_metadata"));

        // Voice uploads too: the job waits in SQL for the next activation.
        Transcriber.Accepted voice = fx.service.transcriber.accept(A, new ByteArrayInputStream(Fixture.wav(0.5)),
                "audio/wav", null, null);
        assertEquals("pending", job(voice.entry().id()).status);
    }

    /**
     * A side-by-side update starts a new revision while the old one runs a job: the new one leaves the job to it (it
     * finishes it or hands it back when it stops); a start with no other revision running takes it for a crash's.
     */
    @Test
    public void aRevisionStartedBesideARunningOneLeavesItsJobsAlone() throws Exception {
        String id = fx.service.transcriber.accept(A, new ByteArrayInputStream(Fixture.wav(0.5)), "audio/wav", null, null)
                .entry().id();
        try (SqlSession session = fx.service.sql.openSession(true)) {
            assertEquals(1, session.getMapper(JournalMapper.class).claimJob(id, "old-revision", java.time.Instant.now()));
        }
        JournalServiceImpl beside = fx.newService(true);
        beside.deactivate();
        assertEquals("running", job(id).status);
        JournalServiceImpl alone = fx.newService(false);
        alone.deactivate();
        assertEquals("pending", job(id).status);
    }

    /**
     * The engine component restarts under a running job (Sphinx4: "the sphinx4 engine is stopping"). DS unregisters
     * the engine before stopping it; the job goes back to pending, keeps its attempt and runs on the next engine.
     */
    @Test
    public void engineStoppingRequeuesTheJob() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SpeechEngine[] self = new SpeechEngine[1];
        Map<String, Object>[] props = new Map[1];
        self[0] = new TestEngine("stopping", path -> {
            calls.incrementAndGet();
            fx.service.removeSpeechEngine(self[0], props[0]); // what DS does before deactivating it
            throw new SpeechException("the test engine is stopping", null);
        });
        props[0] = fx.addEngine(self[0]);
        String id = fx.service.transcriber.accept(A, new ByteArrayInputStream(Fixture.wav(0.5)), "audio/wav", null, null)
                .entry().id();
        // The requeue commits the job before it notes that no engine is left: wait for both.
        Fixture.await("the stopping engine was called, the job left running and the transcriber waits for an engine",
                () -> calls.get() == 1 && !"running".equals(job(id).status) && fx.service.transcriber.waitingForEngine());
        JobRow requeued = job(id);
        assertEquals("pending", requeued.status);
        assertEquals("a restart is not an attempt", 0, requeued.attempts);
        assertNull(requeued.error);
        assertEquals("pending", fx.service.find(A, id).orElseThrow().transcriptionStatus());
        assertTrue(fx.service.transcriber.waitingForEngine());

        fx.addEngine(new TestEngine("restarted", path -> new Transcript("hello from the new engine", "en", null, "restarted")));
        Fixture.await("the job ran on the restarted engine", () -> "done".equals(job(id).status));
        assertEquals(1, job(id).attempts);
        Fixture.await("the transcript became the text",
                () -> "hello from the new engine".equals(fx.service.find(A, id).orElseThrow().text()));
    }

    /** The journal itself stops while a job runs: the interrupted job is pending again for the next activation. */
    @Test
    public void journalStoppingRequeuesTheRunningJob() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        fx.addEngine(new TestEngine("slow", path -> {
            started.countDown();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                throw new SpeechException("interrupted while transcribing", e);
            }
            return new Transcript("never", "en", null, "slow");
        }));
        String id = fx.service.transcriber.accept(A, new ByteArrayInputStream(Fixture.wav(0.5)), "audio/wav", null, null)
                .entry().id();
        assertTrue(started.await(60, TimeUnit.SECONDS));
        fx.service.deactivate(); // waits for the worker
        JobRow job = job(id);
        assertEquals("pending", job.status);
        assertEquals(0, job.attempts);

        fx.service = fx.newService(); // the next activation
        fx.addEngine(new TestEngine("fast", path -> new Transcript("after the restart", "en", null, "fast")));
        Fixture.await("the job ran after the restart", () -> "done".equals(job(id).status));
        assertEquals(1, job(id).attempts);
    }

    /** A genuine failure of an engine that stays installed still fails the job (and counts the attempt). */
    @Test
    public void engineErrorStillFailsTheJob() throws Exception {
        fx.addEngine(new TestEngine("picky", path -> {
            throw new SpeechException("cannot make sense of this recording", null);
        }));
        String id = fx.service.transcriber.accept(A, new ByteArrayInputStream(Fixture.wav(0.5)), "audio/wav", null, null)
                .entry().id();
        Fixture.await("the job failed", () -> "failed".equals(job(id).status));
        assertEquals(1, job(id).attempts);
        assertEquals("cannot make sense of this recording", job(id).error);
    }

    private JobRow job(String entryId) {
        try (SqlSession session = fx.service.sql.openSession()) {
            return session.getMapper(JournalMapper.class).jobByEntry(entryId);
        }
    }

    interface Transcribe {
        Transcript apply(Path audio) throws SpeechException;
    }

    static final class TestEngine implements SpeechEngine {
        private final String id;
        private final Transcribe body;

        TestEngine(String id, Transcribe body) {
            this.id = id;
            this.body = body;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Set<String> mediaTypes() {
            return Set.of("audio/wav");
        }

        @Override
        public Transcript transcribe(Path audio, String mediaType, String language) throws SpeechException {
            return body.apply(audio);
        }
    }

    static final class FixedAnalyzer implements MoodAnalyzer {
        @Override
        public String id() {
            return "fixed";
        }

        @Override
        public MoodReading analyze(String text) {
            return new MoodReading(0.5, "content", Map.of(), "fixed");
        }
    }
}
