package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * kill -9 of {@code pauz.jar} during a burst of entry creates and voice uploads: after a restart on the same
 * data every acknowledged entry is readable with its exact text, every listed entry is whole, and the
 * transcription jobs that were pending or running when the process died run to completion.
 */
public class JournalCrashE2EIT {
    private static final Path CLIPS = Path.of("../../bundles/speech-sphinx4/src/test/resources/speech").toAbsolutePath();
    private Process process;
    private Path work;
    private int port;

    private Http start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", PauzOptions.pauzJar().toString());
        pb.directory(PauzOptions.repoRoot().toFile());
        pb.environment().put("PAUZ_PORT", String.valueOf(port));
        pb.environment().put("PAUZ_HOST", "127.0.0.1");
        pb.environment().put("PAUZ_DATA", work.resolve("data").toString());
        pb.environment().put("PAUZ_DEPLOY", Files.createDirectories(work.resolve("deploy")).toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("pauz.log").toFile()));
        process = pb.start();
        Http http = new Http(port);
        Http.Reply up = http.await("journal/entries", r -> r.status() == 401, Duration.ofSeconds(90));
        assertEquals("pauz.jar did not come up: " + Files.readString(work.resolve("pauz.log")), 401, up.status());
        return http;
    }

    @After
    public void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    public void acknowledgedWritesSurviveKillAndJobsResume() throws Exception {
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-");
        port = PauzOptions.freePort();
        Http first = start();
        Http.Reply reg = first.post("auth/local/register", "application/json",
                "{\"email\":\"crash@example.org\",\"password\":\"correct horse\",\"name\":\"C\"}");
        assertEquals(reg.body(), 201, reg.status());
        String[] auth = { "Authorization", "Bearer " + reg.json().path("token").asText() };

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get() && i < 10_000; i++) {
                String text = "Entry number " + i + " written just before the power cut, with some words to index";
                Http.Reply r = first.post("journal/entries", "application/json", "{\"text\":\"" + text + "\"}", auth);
                if (r.status() == 201) {
                    acknowledged.put(r.json().path("id").asText(), text);
                }
            }
        });
        writer.start();
        List<String> voice = new ArrayList<>();
        for (String clip : List.of("librivox-0880", "librivox-0930", "cards-001", "cards-002")) {
            Http.Reply r = first.postBytes("journal/voice", "audio/wav", Files.readAllBytes(CLIPS.resolve(clip + ".wav")), auth);
            assertEquals(r.body(), 202, r.status());
            voice.add(r.json().path("entry").path("id").asText());
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.size() < 25 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        String jobsAtKill = first.get("journal/entries/" + voice.get(voice.size() - 1) + "/transcription", auth)
                .json().path("status").asText();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL mid-burst
        writing.set(false);
        writer.join(30_000);
        assertTrue("some creates were acknowledged before the kill", acknowledged.size() > 0);

        Http http = start();
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            Http.Reply r = http.get("journal/entries/" + e.getKey(), auth);
            assertEquals(r.body(), 200, r.status());
            assertEquals(e.getValue(), r.json().path("text").asText());
        }
        int listed = 0;
        String cursor = null;
        do {
            Http.Reply page = http.get("journal/entries?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), auth);
            assertEquals(page.body(), 200, page.status());
            for (JsonNode entry : page.json().path("entries")) {
                listed++;
                Http.Reply one = http.get("journal/entries/" + entry.path("id").asText(), auth);
                assertEquals(200, one.status());
                if ("text".equals(one.json().path("source").asText())) {
                    assertTrue("no half-written entry is visible", one.json().path("text").asText().startsWith("Entry number"));
                }
            }
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
        } while (cursor != null);
        assertTrue(listed >= acknowledged.size() + voice.size());
        for (String id : voice) {
            Http.Reply done = http.await("journal/entries/" + id + "/transcription",
                    r -> "done".equals(r.json().path("status").asText()), Duration.ofSeconds(180), auth);
            assertEquals(done.body(), "done", done.json().path("status").asText());
        }
        System.out.printf("kill -9: %d creates acknowledged before the kill, all readable; %d listed; last voice job was %s at"
                + " the kill; all %d done after restart%n", acknowledged.size(), listed, jobsAtKill, voice.size());
    }
}
