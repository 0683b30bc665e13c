package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * kill -9 of {@code pauz.jar} right after export jobs were accepted (202): after a restart on the same data every
 * accepted export finishes, its file downloads whole, and a JSON export holds every entry written before.
 */
public class DurabilityExportCrashE2EIT {
    private SecurityProcess pauz;

    @After
    public void stop() throws Exception {
        if (pauz != null) {
            pauz.close();
        }
    }

    @Test
    public void acceptedExportsFinishAfterKill() throws Exception {
        pauz = new SecurityProcess("export-crash").start();
        Http http = pauz.http;
        // Feature bundles register their resources after /health is up: give the export feature a bounded while.
        Assume.assumeTrue("the export feature is not installed", http.await("openapi.json",
                r -> r.body().contains("\"/exports\""), Duration.ofSeconds(30)).body().contains("\"/exports\""));
        Http.Reply reg = http.post("auth/local/register", "application/json",
                "{\"email\":\"export-crash@example.org\",\"password\":\"correct horse battery\",\"name\":\"E\"}");
        assertEquals(reg.body(), 201, reg.status());
        String[] auth = { "Authorization", "Bearer " + reg.json().path("token").asText() };
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String text = "Export crash entry " + i + " about the river walk";
            assertEquals(201, http.post("journal/entries", "application/json", "{\"text\":\"" + text + "\"}", auth).status());
            texts.add(text);
        }
        List<String> accepted = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // three may be in progress per user
            String format = List.of("json", "markdown", "pdf").get(i % 3);
            Http.Reply r = http.post("exports", "application/json", "{\"format\":\"" + format + "\"}", auth);
            assertEquals(r.body(), 202, r.status());
            accepted.add(r.json().path("id").asText());
            formats.add(format);
        }
        pauz.kill9(); // some jobs pending, some running

        pauz.start();
        int done = 0;
        for (int i = 0; i < accepted.size(); i++) {
            String id = accepted.get(i);
            Http.Reply status = http.await("exports/" + id, r -> r.status() == 200
                    && ("done".equals(r.json().path("status").asText()) || "failed".equals(r.json().path("status").asText())),
                    Duration.ofSeconds(90), auth);
            assertEquals(status.body(), "done", status.json().path("status").asText());
            HttpResponse<byte[]> file = http.bytes(http.request("exports/" + id + "/file", auth).GET());
            assertEquals(200, file.statusCode());
            assertTrue("export " + id + " has content", file.body().length > 100);
            if (formats.get(i).equals("json")) {
                String json = new String(file.body(), StandardCharsets.UTF_8);
                for (String text : texts) {
                    assertTrue("JSON export holds " + text, json.contains(text));
                }
            }
            done++;
        }
        System.out.printf("kill -9 after %d accepted exports: all %d finished after the restart, files whole%n", accepted.size(), done);
    }
}
