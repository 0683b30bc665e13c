package io.pauz.speech.elevenlabs.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;

public class ElevenLabsClientTest {
    static final String KEY = "sk_0123456789abcdef0123456789abcdef";
    static final long BACKOFF_MS = 40;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeElevenLabs eleven;
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    @Before
    public void start() throws IOException {
        eleven = new FakeElevenLabs(KEY);
    }

    @After
    public void stop() {
        eleven.close();
    }

    private ElevenLabsClient client(String key, String model, int timeoutSeconds, int retries) {
        return client(eleven.baseUrl(), key, model, timeoutSeconds, retries);
    }

    private ElevenLabsClient client(String baseUrl, String key, String model, int timeoutSeconds, int retries) {
        Settings s = Settings.of(baseUrl, key, model, timeoutSeconds, retries);
        return new ElevenLabsClient(s, ms -> sleeps.add(ms), BACKOFF_MS);
    }

    private ElevenLabsClient client() {
        return client(KEY, "scribe_v1", 10, 2);
    }

    private Path recording(String name, int size) throws IOException {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        Path p = tmp.getRoot().toPath().resolve(name);
        Files.write(p, b);
        return p;
    }

    private SpeechException failure(ElevenLabsClient c, Path audio) {
        try {
            Transcript t = c.transcribe(audio, "audio/wav", null);
            fail("expected a SpeechException, got " + t);
            return null;
        } catch (SpeechException e) {
            System.out.println("SpeechException: " + e.getMessage());
            return e;
        }
    }

    @Test
    public void transcribesWithWordsAndSendsTheFileIntact() throws Exception {
        Path audio = recording("morning \"notes\".wav", 3 * 1024 * 1024 + 17);
        long t0 = System.nanoTime();
        Transcript t = client().transcribe(audio, "audio/wav", "en-GB");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("3 MB upload + answer via stub: %d ms (%.1f MB/s)%n", ms, 3.0 / Math.max(ms, 1) * 1000);

        assertEquals("Hello Grüße world.", t.text());
        assertEquals("eng from ElevenLabs becomes BCP 47 en", "en", t.language());
        assertEquals("elevenlabs", t.engine());
        assertEquals(List.of(new Transcript.Word("Hello", 0.1, 0.5), new Transcript.Word("Grüße", 0.52, 0.9),
                new Transcript.Word("world.", 1.4, 1.8)), t.words());

        assertEquals(1, eleven.calls.get());
        FakeElevenLabs.Received r = eleven.received.get(0);
        assertArrayEquals(Files.readAllBytes(audio), r.file());
        assertEquals("audio/wav", r.fileContentType());
        assertEquals("morning _notes_.wav", r.filename());
        assertEquals("scribe_v1", r.fields().get("model_id"));
        assertEquals("en", r.fields().get("language_code"));
        assertTrue(r.requestContentType(), r.requestContentType().matches("multipart/form-data; boundary=pauz-[0-9a-f]{32}"));
    }

    @Test
    public void boundaryIsRandomAndLanguageIsOptional() throws Exception {
        Path audio = recording("a.ogg", 1000);
        ElevenLabsClient c = client();
        c.transcribe(audio, "audio/ogg", null);
        c.transcribe(audio, "audio/ogg", "");
        assertEquals(2, eleven.received.size());
        assertFalse(eleven.received.get(0).fields().containsKey("language_code"));
        assertFalse(eleven.received.get(1).fields().containsKey("language_code"));
        assertFalse(eleven.received.get(0).requestContentType().equals(eleven.received.get(1).requestContentType()));
        assertEquals("audio/ogg", eleven.received.get(1).fileContentType());
    }

    @Test
    public void largeRecordingIsStreamed() throws Exception {
        Path audio = recording("long.flac", 48 * 1024 * 1024);
        long t0 = System.nanoTime();
        client().transcribe(audio, "audio/flac", null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("48 MB upload via stub (stub parses multipart in memory): %d ms (%.0f MB/s)%n", ms,
                48.0 / Math.max(ms, 1) * 1000);
        assertArrayEquals(Files.readAllBytes(audio), eleven.received.get(0).file());
    }

    @Test
    public void wrongKeyIsReportedWithoutTheKeyAndNotRetried() throws Exception {
        String wrong = "sk_wrong_wrong_wrong_wrong_wrong";
        SpeechException e = failure(client(wrong, "scribe_v1", 10, 2), recording("a.wav", 100));
        assertTrue(e.getMessage(), e.getMessage().contains("401"));
        assertTrue(e.getMessage(), e.getMessage().contains("invalid_api_key"));
        assertTrue(e.getMessage(), e.getMessage().contains("Invalid API key"));
        assertTrue(e.getMessage(), e.getMessage().contains("api.key"));
        assertFalse(e.getMessage().contains(wrong));
        assertFalse(e.getMessage().contains(KEY));
        assertEquals("4xx other than 429 is not retried", 1, eleven.calls.get());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    public void validationErrorNamesTheField() throws Exception {
        SpeechException e = failure(client(KEY, "scribe_v9", 10, 2), recording("a.wav", 100));
        assertTrue(e.getMessage(), e.getMessage().contains("422"));
        assertTrue(e.getMessage(), e.getMessage().contains("body.model_id: value is not a valid enumeration member"));
        assertTrue(e.getMessage(), e.getMessage().contains("scribe_v9"));
        assertEquals(1, eleven.calls.get());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    public void fastApiValidationShapeIsRead() {
        String body = "{\"detail\":[{\"loc\":[\"body\",\"file\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}";
        var d = ElevenLabsClient.errorDetail(body.getBytes());
        assertEquals("body.file: field required", d.message());
        assertNull(d.status());
    }

    @Test
    public void tooManyRequestsIsRetriedHonouringRetryAfter() throws Exception {
        eleven.script.add(FakeElevenLabs.Answer.json(429, "{\"detail\":{\"status\":\"too_many_concurrent_requests\","
                + "\"message\":\"Too many concurrent requests for this plan.\"}}").header("Retry-After", "3"));
        Transcript t = client().transcribe(recording("a.wav", 5000), "audio/wav", null);
        assertEquals("Hello Grüße world.", t.text());
        assertEquals(2, eleven.calls.get());
        assertEquals("Retry-After: 3 is waited instead of the backoff", List.of(3000L), sleeps);
        assertArrayEquals(eleven.received.get(0).file(), eleven.received.get(1).file());
    }

    @Test
    public void tooManyRequestsWithoutRetryAfterBacksOff() throws Exception {
        String busy = "{\"detail\":{\"status\":\"too_many_concurrent_requests\",\"message\":\"busy\"}}";
        eleven.script.add(FakeElevenLabs.Answer.json(429, busy));
        eleven.script.add(FakeElevenLabs.Answer.json(429, busy));
        client().transcribe(recording("a.wav", 5000), "audio/wav", null);
        assertEquals(3, eleven.calls.get());
        assertEquals(2, sleeps.size());
        assertTrue(sleeps.toString(), sleeps.get(0) >= BACKOFF_MS && sleeps.get(0) <= BACKOFF_MS * 5 / 4);
        assertTrue(sleeps.toString(), sleeps.get(1) >= 2 * BACKOFF_MS && sleeps.get(1) <= 2 * BACKOFF_MS * 5 / 4);
    }

    @Test
    public void retryAfterBeyondTheLimitFailsAtOnce() throws Exception {
        eleven.script.add(FakeElevenLabs.Answer.json(429, "{\"detail\":{\"status\":\"quota_exceeded\","
                + "\"message\":\"This request exceeds your quota.\"}}").header("Retry-After", "3600"));
        SpeechException e = failure(client(), recording("a.wav", 100));
        assertTrue(e.getMessage(), e.getMessage().contains("quota_exceeded"));
        assertTrue(e.getMessage(), e.getMessage().contains("3600 s"));
        assertEquals(1, eleven.calls.get());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    public void serverErrorsFailAfterRetries() throws Exception {
        for (int i = 0; i < 3; i++) {
            eleven.script.add(FakeElevenLabs.Answer.json(500, "{\"detail\":{\"status\":\"internal_error\","
                    + "\"message\":\"An internal error occurred.\"}}"));
        }
        SpeechException e = failure(client(), recording("a.wav", 100));
        assertEquals(3, eleven.calls.get());
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 500 internal_error: An internal error occurred."));
        assertTrue(e.getMessage(), e.getMessage().contains("3 attempts"));
        assertEquals(2, sleeps.size());
        assertTrue("exponential: " + sleeps, sleeps.get(1) >= 2 * BACKOFF_MS);
    }

    @Test
    public void proxyErrorPageIsRetriedAndQuoted() throws Exception {
        eleven.script.add(new FakeElevenLabs.Answer(502, "text/html",
                "<html><body><h1>502 Bad Gateway</h1></body></html>", java.util.Map.of(), false));
        Transcript t = client().transcribe(recording("a.wav", 100), "audio/wav", null);
        assertEquals("Hello Grüße world.", t.text());
        assertEquals(2, eleven.calls.get());

        for (int i = 0; i < 3; i++) {
            eleven.script.add(new FakeElevenLabs.Answer(502, "text/html",
                    "<html><body><h1>502 Bad Gateway</h1></body></html>", java.util.Map.of(), false));
        }
        SpeechException e = failure(client(), recording("b.wav", 100));
        assertTrue(e.getMessage(), e.getMessage().contains("502 Bad Gateway"));
        assertTrue(e.getMessage(), e.getMessage().contains("not JSON"));
    }

    @Test
    public void silentServerTimesOutWithoutRetry() throws Exception {
        eleven.script.add(FakeElevenLabs.Answer.hanging());
        long t0 = System.nanoTime();
        SpeechException e = failure(client(KEY, "scribe_v1", 1, 2), recording("a.wav", 100));
        System.out.printf("timeout.seconds=1 gave up after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertTrue(e.getMessage(), e.getMessage().contains("no answer within 1 s"));
        assertTrue(e.getCause() instanceof java.net.http.HttpTimeoutException);
        assertEquals("a sent upload that timed out is not sent again", 1, eleven.calls.get());
    }

    @Test
    public void nonJsonAnswerIsAFailure() throws Exception {
        eleven.script.add(new FakeElevenLabs.Answer(200, "text/html", "<html>maintenance</html>", java.util.Map.of(), false));
        SpeechException e = failure(client(), recording("a.wav", 100));
        assertTrue(e.getMessage(), e.getMessage().contains("not JSON"));
        assertTrue(e.getMessage(), e.getMessage().contains("<html>maintenance</html>"));
        assertEquals(1, eleven.calls.get());
    }

    @Test
    public void jsonWithoutTextIsAFailure() throws Exception {
        eleven.successBody = "{\"language_code\":\"en\"}";
        SpeechException e = failure(client(), recording("a.wav", 100));
        assertTrue(e.getMessage(), e.getMessage().contains("without a transcript text"));
    }

    @Test
    public void networkErrorsAreRetried() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SpeechException e = failure(client("http://127.0.0.1:" + closedPort, KEY, "scribe_v1", 5, 2),
                recording("a.wav", 100));
        assertTrue(e.getMessage(), e.getMessage().contains("network error"));
        assertTrue(e.getMessage(), e.getMessage().contains("3 attempts"));
        assertEquals(2, sleeps.size());
    }

    @Test
    public void wrongBaseUrlPathIsExplained() throws Exception {
        SpeechException e = failure(client(eleven.baseUrl() + "/api", KEY, "scribe_v1", 5, 2), recording("a.wav", 100));
        assertTrue(e.getMessage(), e.getMessage().contains("404"));
        assertTrue(e.getMessage(), e.getMessage().contains("base.url"));
        assertEquals(1, eleven.calls.get());
    }

    @Test
    public void keyEchoedByAServerIsRedacted() throws Exception {
        eleven.script.add(new FakeElevenLabs.Answer(400, "text/plain", "bad request from key " + KEY, java.util.Map.of(), false));
        SpeechException e = failure(client(), recording("a.wav", 100));
        assertTrue(e.getMessage(), e.getMessage().contains("400"));
        assertFalse(e.getMessage(), e.getMessage().contains(KEY));
    }

    @Test
    public void unreadableRecordingFailsWithoutCall() throws Exception {
        SpeechException e = failure(client(), tmp.getRoot().toPath().resolve("missing.wav"));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot read"));
        assertEquals(0, eleven.calls.get());
    }

    @Test
    public void languages() {
        assertEquals("en", ElevenLabsClient.languageCode("en-US"));
        assertEquals("pt", ElevenLabsClient.languageCode("pt_BR"));
        assertNull(ElevenLabsClient.languageCode("und"));
        assertNull(ElevenLabsClient.languageCode(" "));
        assertEquals("de", ElevenLabsClient.normaliseLanguage("deu"));
        assertEquals("fr", ElevenLabsClient.normaliseLanguage("fra"));
        assertEquals("en", ElevenLabsClient.normaliseLanguage("en"));
        assertEquals("yue", ElevenLabsClient.normaliseLanguage("yue"));
    }

    @Test
    public void retryAfterDates() {
        assertEquals(7000, ElevenLabsClient.retryAfterMs("7"));
        assertEquals(-1, ElevenLabsClient.retryAfterMs("soon"));
        String past = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1));
        assertEquals(0, ElevenLabsClient.retryAfterMs(past));
        String future = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30));
        long ms = ElevenLabsClient.retryAfterMs(future);
        assertTrue(String.valueOf(ms), ms > 25_000 && ms <= 30_000);
    }
}
