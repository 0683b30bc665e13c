package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

/**
 * Real speech through the shipped runtime: recordings of people reading (Debian pocketsphinx-testdata,
 * kept in bundles/speech-sphinx4) are uploaded as a phone or browser would send them (44.1 kHz stereo
 * WAV), converted by the journal, transcribed by the default offline engine (Sphinx4), stored, made the
 * entry's text and given a mood by the offline analyzer. Word error rate is printed and asserted loosely.
 */
public class SpeechIT extends PauzTestBase {
    private static final Path FIXTURES = Path.of("../../bundles/speech-sphinx4/src/test/resources/speech").toAbsolutePath();

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(SpeechIT.class), "io.pauz.accounts:password.iterations=20000");
    }

    /** Upsamples a 16 kHz mono clip to 44.1 kHz stereo, as a browser or phone recording would arrive. */
    private static byte[] asPhoneRecording(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat target = new AudioFormat(44_100f, 16, 2, true, false);
            AudioInputStream stereo = AudioSystem.getAudioInputStream(target,
                    AudioSystem.getAudioInputStream(new AudioFormat(in.getFormat().getSampleRate(), 16, 2, true, false), in));
            byte[] pcm = stereo.readAllBytes();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), target, pcm.length / 4),
                    AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        }
    }

    private static List<String> words(String s) {
        String clean = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").trim();
        return clean.isEmpty() ? List.of() : Arrays.asList(clean.split("\\s+"));
    }

    /** Word-level Levenshtein distance. */
    static int editDistance(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            int[] cur = new int[b.size() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.size()];
    }

    @Test
    public void spokenEntriesAreTranscribedOfflineWithLowWordErrorRate() throws Exception {
        Path fixtures = FIXTURES; // the native container runs in the test JVM, whose working folder is tests/itest
        Http.Reply reg = http.post("auth/local/register", "application/json", "{\"email\":\"s" + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.org\",\"password\":\"correct horse\",\"name\":\"S\"}");
        String[] auth = { "Authorization", "Bearer " + reg.json().path("token").asText() };
        int errors = 0;
        int referenceWords = 0;
        double audio = 0;
        long started = System.nanoTime();
        System.out.printf("%-16s %6s %5s  %s%n", "clip", "audio", "WER", "transcript");
        for (String clip : List.of("librivox-0880", "librivox-0930", "cards-002")) {
            String reference = Files.readString(fixtures.resolve(clip + ".txt")).strip();
            Http.Reply accepted = http.postBytes("journal/voice?language=en", "audio/wav",
                    asPhoneRecording(fixtures.resolve(clip + ".wav")), auth);
            assertEquals(accepted.body(), 202, accepted.status());
            String id = accepted.json().path("entry").path("id").asText();
            Http.Reply done = http.await("journal/entries/" + id + "/transcription",
                    r -> List.of("done", "failed").contains(r.json().path("status").asText()), Duration.ofSeconds(120), auth);
            assertEquals(done.body(), "done", done.json().path("status").asText());
            assertEquals("sphinx4", done.json().path("engine").asText());
            String text = done.json().path("text").asText();
            List<String> ref = words(reference);
            int distance = editDistance(ref, words(text));
            errors += distance;
            referenceWords += ref.size();
            audio += done.json().path("audioSeconds").asDouble();
            System.out.printf("%-16s %5.1fs %5.2f  %s%n", clip, done.json().path("audioSeconds").asDouble(),
                    (double) distance / ref.size(), text);
            Http.Reply entry = http.await("journal/entries/" + id, r -> !r.json().path("text").asText().isEmpty()
                    && !r.json().path("moodLabel").isNull(), Duration.ofSeconds(10), auth);
            if (!text.isEmpty()) {
                assertEquals(text, entry.json().path("text").asText());
                assertFalse("the offline mood analyzer reads transcripts", entry.json().path("moodLabel").isNull());
            }
        }
        double wer = (double) errors / referenceWords;
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("offline transcription: WER %.2f over %d words, %.1f s audio in %.1f s wall (model load included)%n",
                wer, referenceWords, audio, seconds);
        assertTrue("word error rate " + wer, wer < 0.5);
        String metrics = http.get("metrics", Http.admin()).body();
        assertTrue(metrics, metrics.contains("pauz_transcription_jobs_total{outcome=\"done\"} 3"));
    }

    /**
     * The ElevenLabs engine bundle inside Felix: configured live (ConfigAdmin) against a local server speaking
     * ElevenLabs' speech-to-text format and chosen by the journal's {@code speech.engine}; a recording is sent
     * to it as multipart with the xi-api-key header and its transcript becomes the entry's text.
     */
    @Test
    public void elevenLabsEngineTranscribesWhenConfigured() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>("");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/speech-to-text", exchange -> {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            boolean ok = "POST".equals(exchange.getRequestMethod()) && "xi-test".equals(exchange.getRequestHeaders().getFirst("xi-api-key"))
                    && type != null && type.startsWith("multipart/form-data; boundary=") && body.contains("name=\"file\"")
                    && body.contains("name=\"model_id\"") && body.contains("RIFF");
            seen.set(ok ? "ok" : "bad request: " + type);
            String answer = ok
                    ? "{\"language_code\":\"en\",\"language_probability\":0.98,\"text\":\"a quiet walk by the sea\",\"words\":["
                            + "{\"text\":\"a\",\"start\":0.1,\"end\":0.2,\"type\":\"word\"},{\"text\":\" \",\"start\":0.2,\"end\":0.25,\"type\":\"spacing\"},"
                            + "{\"text\":\"quiet\",\"start\":0.25,\"end\":0.6,\"type\":\"word\"}]}"
                    : "{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}";
            byte[] bytes = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        var cmRef = context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
        var cm = context.getService(cmRef);
        var engineConfig = cm.getConfiguration("io.pauz.speech.elevenlabs", "?");
        var journalConfig = cm.getConfiguration("io.pauz.journal", "?");
        try {
            java.util.Hashtable<String, Object> engine = new java.util.Hashtable<>();
            engine.put("base.url", "http://127.0.0.1:" + server.getAddress().getPort());
            engine.put("api.key", "xi-test");
            engineConfig.update(engine);
            service(io.pauz.api.speech.SpeechEngine.class, "(pauz.speech.engine=elevenlabs)", 20);
            java.util.Hashtable<String, Object> journal = new java.util.Hashtable<>();
            journal.put("speech.engine", "elevenlabs");
            journalConfig.update(journal);
            Thread.sleep(500); // the journal re-activates with its new configuration
            Http.Reply reg = http.post("auth/local/register", "application/json", "{\"email\":\"x" + UUID.randomUUID().toString()
                    .substring(0, 8) + "@example.org\",\"password\":\"correct horse\",\"name\":\"X\"}");
            String[] auth = { "Authorization", "Bearer " + reg.json().path("token").asText() };
            Http.Reply accepted = null;
            for (int i = 0; i < 50; i++) {
                accepted = http.postBytes("journal/voice", "audio/wav",
                        Files.readAllBytes(FIXTURES.resolve("cards-001.wav")), auth);
                if (accepted.status() == 202) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(accepted.body(), 202, accepted.status());
            String id = accepted.json().path("entry").path("id").asText();
            Http.Reply done = http.await("journal/entries/" + id + "/transcription",
                    r -> List.of("done", "failed").contains(r.json().path("status").asText()), Duration.ofSeconds(30), auth);
            assertEquals(done.body() + " / " + seen.get(), "done", done.json().path("status").asText());
            assertEquals("elevenlabs", done.json().path("engine").asText());
            assertEquals("a quiet walk by the sea", done.json().path("text").asText());
            assertEquals(2, done.json().path("words").size()); // spacing tokens are not words
            assertEquals("ok", seen.get());
        } finally {
            journalConfig.delete();
            engineConfig.delete();
            context.ungetService(cmRef);
            server.stop(0);
        }
    }
}
