package io.pauz.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sql.DataSource;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.journal.JournalService;
import io.pauz.api.speech.SpeechEngine;
import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;

/**
 * The free journal in the real runtime: entries (create, read, update, delete, list, search, paging),
 * input errors, isolation between users, voice uploads and transcription jobs (failure, retry, and
 * resumption after the journal restarts). Real transcription by the offline engine is in SpeechIT;
 * here a speech engine registered by the test plays a plug-in that fails on demand.
 */
public class JournalIT extends PauzTestBase {
    private static final String ENGINE = "test-engine";

    private JournalService journal;
    private DataSource dataSource;

    @org.junit.Before
    public void services() throws Exception {
        journal = service(JournalService.class, null, 60);
        dataSource = service(DataSource.class, "(pauz.sql.provider=derby)", 10);
    }

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(JournalIT.class), "io.pauz.accounts:password.iterations=20000",
                "io.pauz.journal:speech.engine=" + ENGINE, "io.pauz.journal:audio.max.seconds=30",
                "io.pauz.journal:audio.max.bytes=4000000");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private String signUp() {
        String email = "j" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Http.Reply r = http.post("auth/local/register", "application/json",
                "{\"email\":\"" + email + "\",\"password\":\"correct horse\",\"name\":\"J\"}");
        assertEquals(r.body(), 201, r.status());
        return r.json().path("token").asText();
    }

    private static String[] bearer(String token) {
        return new String[] { "Authorization", "Bearer " + token };
    }

    private Http.Reply create(String token, String json) {
        return http.post("journal/entries", "application/json", json, bearer(token));
    }

    private Http.Reply put(String path, String json, String... headers) {
        return http.send(http.request(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String[] join(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private List<String> ids(Http.Reply list) {
        assertEquals(list.body(), 200, list.status());
        List<String> ids = new ArrayList<>();
        list.json().path("entries").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    /** A WAV of a tone: {@code rate} Hz, {@code channels}, 16-bit, {@code seconds} long. */
    static byte[] toneWav(float rate, int channels, double seconds) throws Exception {
        int frames = (int) (rate * seconds);
        byte[] pcm = new byte[frames * channels * 2];
        for (int i = 0; i < frames; i++) {
            short s = (short) (Math.sin(2 * Math.PI * 220 * i / rate) * 8000);
            for (int c = 0; c < channels; c++) {
                pcm[(i * channels + c) * 2] = (byte) s;
                pcm[(i * channels + c) * 2 + 1] = (byte) (s >> 8);
            }
        }
        AudioFormat format = new AudioFormat(rate, 16, channels, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, frames), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    /** The test's speech engine: answers with {@code text}, or fails while {@code failures} is above zero. */
    private static final class ScriptedEngine implements SpeechEngine {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        volatile String text = "walking by the river made me calm";
        volatile AudioFormat lastFormat;

        @Override
        public String id() {
            return ENGINE;
        }

        @Override
        public Set<String> mediaTypes() {
            return Set.of("audio/wav");
        }

        @Override
        public Transcript transcribe(Path audio, String mediaType, String language) throws SpeechException {
            calls.incrementAndGet();
            try {
                lastFormat = AudioSystem.getAudioFileFormat(audio.toFile()).getFormat();
            } catch (Exception e) {
                throw new SpeechException("unreadable input", e);
            }
            if (failures.getAndDecrement() > 0) {
                throw new SpeechException("engine overloaded, try later", null);
            }
            return new Transcript(text, language, List.of(new Transcript.Word("walking", 0.1, 0.5)), ENGINE);
        }
    }

    private ServiceRegistration<SpeechEngine> register(ScriptedEngine engine) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(SpeechEngine.ID_PROPERTY, ENGINE);
        return context.registerService(SpeechEngine.class, engine, props);
    }

    private Http.Reply awaitStatus(String token, String entryId, String status) {
        return http.await("journal/entries/" + entryId + "/transcription",
                r -> r.status() == 200 && status.equals(r.json().path("status").asText()), Duration.ofSeconds(30),
                bearer(token));
    }

    // ---- entries -------------------------------------------------------------------------------

    @Test
    public void createReadUpdateDelete() {
        String token = signUp();
        Http.Reply created = create(token, "{\"text\":\"Morning pages. Coffee was good ☕ and the café was quiet.\",\"title\":\"Tuesday\"}");
        assertEquals(created.body(), 201, created.status());
        JsonNode entry = created.json();
        String id = entry.path("id").asText();
        assertEquals(10 + 1, entry.path("wordCount").asInt()); // 10 words of text (not the emoji) + 1 of title
        assertEquals("1", created.headers().firstValue("ETag").orElse("").replace("\"", ""));
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("journal/entries/" + id));

        Http.Reply read = http.get("journal/entries/" + id, bearer(token));
        assertEquals(200, read.status());
        assertEquals("Tuesday", read.json().path("title").asText());
        assertTrue(read.json().path("text").asText().contains("café"));
        assertEquals("text", read.json().path("source").asText());

        Http.Reply updated = put("journal/entries/" + id, "{\"text\":\"Rewritten: a calmer evening.\"}",
                join(bearer(token), "If-Match", "\"1\""));
        assertEquals(updated.body(), 200, updated.status());
        assertEquals(2, updated.json().path("version").asInt());
        assertEquals(4, updated.json().path("wordCount").asInt());
        assertTrue(updated.json().path("title").isNull());
        Http.Reply stale = put("journal/entries/" + id, "{\"text\":\"lost update\"}", join(bearer(token), "If-Match", "\"1\""));
        assertEquals(412, stale.status());
        assertEquals("version_conflict", stale.errorCode());
        assertEquals("Rewritten: a calmer evening.", http.get("journal/entries/" + id, bearer(token)).json().path("text").asText());

        assertEquals(204, http.delete("journal/entries/" + id, bearer(token)).status());
        assertEquals("entry_not_found", http.get("journal/entries/" + id, bearer(token)).errorCode());
        assertEquals(404, http.delete("journal/entries/" + id, bearer(token)).status());
        assertTrue(journal.find(userId(token), id).isEmpty());
    }

    private String userId(String token) {
        return http.get("me", bearer(token)).json().path("id").asText();
    }

    @Test
    public void wordCountsInManyLanguages() {
        String token = signUp();
        assertEquals(3, create(token, "{\"text\":\"Ich bin müde.\"}").json().path("wordCount").asInt());
        assertEquals(4, create(token, "{\"text\":\"Я сегодня много гуляла\"}").json().path("wordCount").asInt());
        assertEquals(5, create(token, "{\"text\":\"今日は晴れ\"}").json().path("wordCount").asInt()); // one per ideograph
        assertEquals(2, create(token, "{\"text\":\"don't panic!! 🙂\"}").json().path("wordCount").asInt());
        assertEquals(3, create(token, "{\"text\":\"l'été est là\"}").json().path("wordCount").asInt());
    }

    @Test
    public void badInputGetsClearErrorsAndWritesNothing() {
        String token = signUp();
        assertEquals("empty_entry", create(token, "{\"text\":\"   \"}").errorCode());
        assertEquals(422, create(token, "{}").status());
        assertEquals("bad_json", create(token, "{\"text\":").errorCode());
        assertEquals("invalid_created_at", create(token, "{\"text\":\"x\",\"createdAt\":\"2999-01-01T00:00:00Z\"}").errorCode());
        assertEquals("bad_createdAt", create(token, "{\"text\":\"x\",\"createdAt\":\"yesterday\"}").errorCode());
        assertEquals("invalid_title", create(token, "{\"text\":\"x\",\"title\":\"" + "t".repeat(300) + "\"}").errorCode());
        assertEquals(413, create(token, "{\"text\":\"" + "a".repeat(100_001) + "\"}").status());
        assertEquals(401, http.post("journal/entries", "application/json", "{\"text\":\"x\"}").status());
        assertEquals("bad_limit", http.get("journal/entries?limit=0", bearer(token)).errorCode());
        assertEquals("bad_limit", http.get("journal/entries?limit=abc", bearer(token)).errorCode());
        assertEquals("bad_cursor", http.get("journal/entries?cursor=xyz", bearer(token)).errorCode());
        assertEquals("bad_from", http.get("journal/entries?from=2026-13-45", bearer(token)).errorCode());
        assertEquals("bad_time_zone", http.get("journal/entries?tz=Mars/Base", bearer(token)).errorCode());
        assertEquals("entry_not_found", http.get("journal/entries/not-an-id", bearer(token)).errorCode());
        assertEquals(400, http.get("journal/entries/..%2F..%2Fetc%2Fpasswd", bearer(token)).status()); // refused by Jetty
        assertEquals(0, ids(http.get("journal/entries", bearer(token))).size());
    }

    @Test
    public void listPagesSearchesAndFiltersByDate() {
        String token = signUp();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String day = String.format("2026-10-%02dT09:00:00Z", i + 1);
            String text = i % 5 == 0 ? "Grateful for my sister, we went hiking " + i : "Ordinary day number " + i;
            Http.Reply r = create(token, "{\"text\":\"" + text + "\",\"createdAt\":\"" + day + "\"}");
            assertEquals(r.body(), 201, r.status());
            made.add(0, r.json().path("id").asText()); // newest first
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Http.Reply page = http.get("journal/entries?limit=10" + (cursor == null ? "" : "&cursor=" + cursor), bearer(token));
            seen.addAll(ids(page));
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
        } while (cursor != null);
        assertEquals(made, seen);

        Http.Reply found = http.get("journal/entries?q=GRATEFUL+hik", bearer(token));
        assertEquals(5, ids(found).size());
        assertTrue(found.json().path("entries").get(0).path("preview").asText().startsWith("Grateful"));
        assertTrue(found.json().path("entries").get(0).path("text").isNull()); // listings carry previews
        assertEquals(1, ids(http.get("journal/entries?q=hiking+20", bearer(token))).size());
        assertEquals(0, ids(http.get("journal/entries?q=grateful+ordinary", bearer(token))).size());
        assertEquals(List.of(made.get(24 - 4), made.get(24 - 3)),
                ids(http.get("journal/entries?from=2026-10-04&to=2026-10-05", bearer(token))));
        assertEquals(1, ids(http.get("journal/entries?from=2026-10-05&to=2026-10-05&tz=Pacific/Auckland", bearer(token))).size());
        // SQL metacharacters are only words to search for
        assertEquals(0, ids(http.get("journal/entries?q=%27%3B%20DROP%20TABLE%20free_journal_terms%3B%20--", bearer(token))).size());
        assertEquals(0, ids(http.get("journal/entries?q=%25ary", bearer(token))).size()); // % is no wildcard

        // an edit re-indexes, a delete un-indexes
        String first = made.get(24);
        put("journal/entries/" + first, "{\"text\":\"Now about sailing\"}", bearer(token));
        assertEquals(List.of(first), ids(http.get("journal/entries?q=sailing", bearer(token))));
        assertEquals(4, ids(http.get("journal/entries?q=grateful", bearer(token))).size());
        http.delete("journal/entries/" + first, bearer(token));
        assertEquals(0, ids(http.get("journal/entries?q=sailing", bearer(token))).size());
    }

    @Test
    public void usersNeverSeeEachOthersEntries() {
        String a = signUp();
        String b = signUp();
        String id = create(a, "{\"text\":\"A's secret about the lighthouse\"}").json().path("id").asText();
        assertEquals(404, http.get("journal/entries/" + id, bearer(b)).status());
        assertEquals(404, put("journal/entries/" + id, "{\"text\":\"overwritten by B\"}", bearer(b)).status());
        assertEquals(404, http.delete("journal/entries/" + id, bearer(b)).status());
        assertEquals(0, ids(http.get("journal/entries?q=lighthouse", bearer(b))).size());
        assertEquals(0, ids(http.get("journal/entries", bearer(b))).size());
        assertEquals(404, http.get("journal/entries/" + id + "/transcription", bearer(b)).status());
        assertEquals(404, http.get("journal/entries/" + id + "/audio", bearer(b)).status());
        assertEquals("A's secret about the lighthouse", http.get("journal/entries/" + id, bearer(a)).json().path("text").asText());
    }

    // ---- voice -----------------------------------------------------------------------------------

    @Test
    public void voiceUploadIsTranscribedAfterFailureAndRetry() throws Exception {
        String token = signUp();
        ScriptedEngine engine = new ScriptedEngine();
        engine.failures.set(1);
        ServiceRegistration<SpeechEngine> reg = register(engine);
        try {
            byte[] wav = toneWav(44_100, 2, 1.5);
            Http.Reply accepted = http.postBytes("journal/voice?title=River", "audio/wav", wav, bearer(token));
            assertEquals(accepted.body(), 202, accepted.status());
            String id = accepted.json().path("entry").path("id").asText();
            assertTrue(accepted.json().path("entry").path("hasAudio").asBoolean());
            assertEquals(1.5, accepted.json().path("transcription").path("audioSeconds").asDouble(), 0.01);

            Http.Reply failed = awaitStatus(token, id, "failed");
            assertEquals(failed.body(), "failed", failed.json().path("status").asText());
            assertEquals("engine overloaded, try later", failed.json().path("error").asText());
            assertEquals("failed", http.get("journal/entries/" + id, bearer(token)).json().path("transcriptionStatus").asText());
            // the recording is kept for a retry
            var audio = http.bytes(http.request("journal/entries/" + id + "/audio", bearer(token)).GET());
            assertEquals(200, audio.statusCode());
            assertArrayEquals(wav, audio.body());

            assertEquals(202, http.post("journal/entries/" + id + "/transcription/retry", "application/json", "", bearer(token)).status());
            Http.Reply done = awaitStatus(token, id, "done");
            assertEquals(done.body(), "walking by the river made me calm", done.json().path("text").asText());
            assertEquals(2, done.json().path("attempts").asInt());
            assertEquals(16_000f, engine.lastFormat.getSampleRate(), 0.1); // engines get 16 kHz mono PCM
            assertEquals(1, engine.lastFormat.getChannels());
            assertEquals(409, http.post("journal/entries/" + id + "/transcription/retry", "application/json", "", bearer(token)).status());

            Http.Reply entry = http.await("journal/entries/" + id, r -> r.json().path("wordCount").asInt() > 1,
                    Duration.ofSeconds(10), bearer(token));
            assertEquals("walking by the river made me calm", entry.json().path("text").asText());
            assertEquals("River", entry.json().path("title").asText());
            assertEquals("voice", entry.json().path("source").asText());
            assertEquals(List.of(id), ids(http.get("journal/entries?q=river+calm", bearer(token))));
            audio = http.bytes(http.request("journal/entries/" + id + "/audio", bearer(token)).GET());
            assertArrayEquals(wav, audio.body()); // moved to voice-recordings, same bytes

            // another user sees none of it
            String other = signUp();
            assertEquals(404, http.get("journal/entries/" + id + "/transcription", bearer(other)).status());
            assertEquals(404, http.get("journal/entries/" + id + "/audio", bearer(other)).status());
            assertEquals(404, http.post("journal/entries/" + id + "/transcription/retry", "application/json", "", bearer(other)).status());

            assertEquals(204, http.delete("journal/entries/" + id, bearer(token)).status());
            assertEquals(404, http.get("journal/entries/" + id + "/audio", bearer(token)).status());
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void badRecordingsAreRefusedAndLeaveNothing() throws Exception {
        String token = signUp();
        assertEquals("unsupported_audio", http.postBytes("journal/voice", "audio/x-unknown", new byte[100], bearer(token)).errorCode());
        assertEquals(415, http.postBytes("journal/voice", "text/plain", "hello".getBytes(), bearer(token)).status());
        Http.Reply corrupt = http.postBytes("journal/voice", "audio/wav", "RIFF....WAVEgarbage".getBytes(), bearer(token));
        assertEquals(corrupt.body(), 422, corrupt.status());
        assertEquals("invalid_audio", corrupt.errorCode());
        assertEquals("empty_recording", http.postBytes("journal/voice", "audio/wav", new byte[0], bearer(token)).errorCode());
        assertEquals("invalid_audio", http.postBytes("journal/voice", "audio/wav", toneWav(16_000, 1, 31), bearer(token)).errorCode());
        Http.Reply tooBig = http.postBytes("journal/voice", "audio/wav", new byte[4_000_001], bearer(token));
        assertEquals(tooBig.body(), 413, tooBig.status());
        Http.Reply badRate = http.postBytes("journal/voice", "audio/wav", toneWav(4_000, 1, 1), bearer(token));
        assertEquals("invalid_audio", badRate.errorCode());
        assertEquals(0, ids(http.get("journal/entries", bearer(token))).size());
        assertEquals(401, http.postBytes("journal/voice", "audio/wav", toneWav(16_000, 1, 1)).status());
    }

    @Test
    public void pendingAndInterruptedJobsResumeAfterRestart() throws Exception {
        String token = signUp();
        // no engine installed: the job waits
        String waiting = http.postBytes("journal/voice", "audio/wav", toneWav(8_000, 1, 1), bearer(token))
                .json().path("entry").path("id").asText();
        Http.Reply pending = http.get("journal/entries/" + waiting + "/transcription", bearer(token));
        assertEquals("pending", pending.json().path("status").asText());
        // a second job looks as if a crash hit it while it ran
        String interrupted = http.postBytes("journal/voice", "audio/wav", toneWav(48_000, 2, 1), bearer(token))
                .json().path("entry").path("id").asText();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE free_journal_transcriptions SET status = 'running' WHERE entry_id = '"
                    + interrupted + "'"));
        }
        // The REST resource lives in io.pauz.journal.rest and stays: a read sent while the journal is stopped waits for
        // it and is answered once it is back, instead of failing.
        Http.Reply read = answeredWhileStopped("io.pauz.journal", () -> http.get("journal/entries", bearer(token)));
        assertEquals(read.body(), 200, read.status());
        assertEquals(2, read.json().path("entries").size());
        ScriptedEngine engine = new ScriptedEngine();
        engine.text = "resumed after a restart";
        ServiceRegistration<SpeechEngine> reg = register(engine);
        try {
            for (String id : List.of(waiting, interrupted)) {
                Http.Reply done = awaitStatus(token, id, "done");
                assertEquals(done.body(), "resumed after a restart", done.json().path("text").asText());
            }
            assertEquals(2, engine.calls.get());
        } finally {
            reg.unregister();
        }
        assertNotEquals(waiting, interrupted);
        // the job's status is committed just before the counter moves: the counter is awaited, not read once
        String doneTwice = "pauz_transcription_jobs_total{outcome=\"done\"} 2";
        Http.Reply metrics = http.await("metrics", r -> r.body().contains(doneTwice), Duration.ofSeconds(5), Http.admin());
        assertTrue(metrics.body(), metrics.body().contains(doneTwice));
    }

    /**
     * A feature resource is never served without the platform's authentication filter: while that filter is away (the
     * REST bundle restarting, or PAUZ still starting) a request gets a JSON 404, never an HTML 500 from a resource
     * that found no signed-in user, and the entry is served again once the filter is back.
     */
    @Test
    public void resourcesAreOutWhileTheAuthenticationFilterIsAway() throws Exception {
        String token = signUp();
        Http.Reply created = create(token, "{\"text\":\"kept behind the filter\"}");
        assertEquals(created.body(), 201, created.status());
        String path = "journal/entries/" + created.json().path("id").asText();

        var ref = context.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
        var scr = context.getService(ref);
        var filter = scr.getComponentDescriptionDTO(bundle("io.pauz.rest"), "io.pauz.rest.internal.AuthenticationFilter");
        assertTrue("the authentication filter component", filter != null);
        try {
            scr.disableComponent(filter).getValue();
            Http.Reply away = http.await(path, r -> r.status() == 404, Duration.ofSeconds(20), bearer(token));
            assertEquals(away.body(), 404, away.status());
            assertEquals("not_found", away.errorCode());
            for (int i = 0; i < 5; i++) {
                Http.Reply r = http.get(path, bearer(token));
                assertEquals("never served unauthenticated: " + r.body(), 404, r.status());
            }
        } finally {
            scr.enableComponent(filter).getValue();
            context.ungetService(ref);
        }
        Http.Reply back = http.await(path, r -> r.status() == 200, Duration.ofSeconds(20), bearer(token));
        assertEquals(back.body(), 200, back.status());
        assertEquals(401, http.get(path).status());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " not installed");
    }
}
