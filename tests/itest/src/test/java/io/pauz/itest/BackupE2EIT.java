package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator's backup cycle on {@code pauz.jar} processes: instance 1 with a user, entries and preferences; a backup
 * over the admin API whose downloaded archive matches its manifest; refused restores (non-empty target, damaged
 * archive: nothing written); a restore into a new data directory; instance 2 on that directory, where the user signs
 * in and reads the same entries.
 */
public class BackupE2EIT {
    private static final String EMAIL = "backup@example.org";
    private static final String PASSWORD = "correct horse battery";
    private Process process;
    private Path work;

    /** Starts pauz.jar on {@code data} and waits until it serves and its health is UP (a restore is complete). */
    private Http start(Path data, String log) throws Exception {
        int port = PauzOptions.freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", PauzOptions.pauzJar().toString());
        pb.directory(PauzOptions.repoRoot().toFile());
        pb.environment().put("PAUZ_PORT", String.valueOf(port));
        pb.environment().put("PAUZ_HOST", "127.0.0.1");
        pb.environment().put("PAUZ_DATA", data.toString());
        pb.environment().put("PAUZ_DEPLOY", Files.createDirectories(work.resolve("deploy-" + log)).toString());
        pb.environment().put("PAUZ_ADMIN_TOKEN", PauzOptions.ADMIN_TOKEN);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(log + ".log").toFile()));
        process = pb.start();
        Http http = new Http(port);
        Http.Reply health = http.await("health", r -> r.status() == 200, Duration.ofSeconds(120));
        if (health.status() != 200 && process.isAlive()) { // a thread dump in the log says where start-up hangs
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    String.valueOf(process.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(log + ".log").toFile())).start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals("pauz.jar did not come up: " + health.body() + "\n" + Files.readString(work.resolve(log + ".log")),
                200, health.status());
        Http.Reply backups = http.await("admin/backups", r -> r.status() == 200, Duration.ofSeconds(30), Http.admin());
        assertEquals(backups.body(), 200, backups.status());
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
    public void backupRestoreIntoANewDataDirectoryAndServeIt() throws Exception {
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "backup-");
        Http first = start(work.resolve("data1"), "first");

        // A user with entries and preferences.
        Http.Reply reg = first.post("auth/local/register", "application/json",
                "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Backed Up\"}");
        assertEquals(reg.body(), 201, reg.status());
        String[] auth = { "Authorization", "Bearer " + reg.json().path("token").asText() };
        Map<String, String> texts = new LinkedHashMap<>();
        for (String text : List.of("A quiet morning by the lake.", "Ünïcödé, 日本語 and emoji 🌱 survive a backup.",
                "Third entry\nwith two lines")) {
            Http.Reply r = first.post("journal/entries", "application/json",
                    new ObjectMapper().writeValueAsString(Map.of("text", text, "title", "t" + texts.size())), auth);
            assertEquals(r.body(), 201, r.status());
            texts.put(r.json().path("id").asText(), text);
        }
        String edited = texts.keySet().iterator().next();
        Http.Reply put = first.send(first.request("journal/entries/" + edited, auth).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"text\":\"An edited morning by the lake.\"}")));
        assertEquals(put.body(), 200, put.status());
        texts.put(edited, "An edited morning by the lake.");
        Http.Reply prefs = first.send(first.request("me/preferences", auth).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"theme\":\"zen\",\"reminderHours\":[8,21]}")));
        assertEquals(prefs.body(), 200, prefs.status());

        // Backup: 202 + job, poll until done.
        assertEquals(401, first.post("admin/backups", "application/json", "").status());
        String name = backup(first);

        // The archive as an operator downloads it: every entry matches the manifest's SHA-256.
        HttpResponse<byte[]> download = first.bytes(first.request("admin/backups/" + name + "/archive", Http.admin()).GET());
        assertEquals(200, download.statusCode());
        JsonNode manifest = checkArchive(download.body());
        assertEquals(1, manifest.path("version").asInt());
        assertTrue(manifest.path("objects").path("count").asLong() >= texts.size());
        assertEquals("pauz", manifest.path("database").path("name").asText());
        Http.Reply verified = first.get("admin/backups/" + name + "?verify=true", Http.admin());
        assertEquals(verified.body(), true, verified.json().path("verified").asBoolean());
        Http.Reply list = first.get("admin/backups", Http.admin());
        assertEquals(name, list.json().path("archives").path(0).path("name").asText());
        assertEquals(download.body().length, list.json().path("archives").path(0).path("size").asLong());

        // Refused: a non-empty target (untouched), a relative one.
        Path occupied = Files.createDirectories(work.resolve("occupied"));
        Files.writeString(occupied.resolve("notes.txt"), "mine");
        Http.Reply refused = restore(first, name, occupied.toString());
        assertEquals(refused.body(), 409, refused.status());
        assertEquals("target_not_empty", refused.errorCode());
        try (var files = Files.list(occupied)) {
            assertEquals(List.of(occupied.resolve("notes.txt")), files.toList());
        }
        assertEquals(400, restore(first, name, "relative/dir").status());

        // Refused: a damaged archive (one byte flipped in the stored file of a second backup), nothing written.
        String second = backup(first);
        Path stored = work.resolve("data1/buckets/media-storage/backup-archives/" + second + "~o"); // bucket-local layout
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length / 3] ^= 0x20;
        Files.write(stored, bytes);
        Http.Reply corrupt = restore(first, second, work.resolve("from-damaged").toString());
        assertEquals(corrupt.body(), 422, corrupt.status());
        assertEquals("archive_corrupt", corrupt.errorCode());
        assertFalse(Files.exists(work.resolve("from-damaged")));

        // Restore into a new data directory.
        Path data2 = work.resolve("data2");
        Http.Reply restored = restore(first, name, data2.toString());
        assertEquals(restored.body(), 201, restored.status());
        assertEquals(manifest.path("objects").path("count").asLong(), restored.json().path("objects").asLong());
        assertTrue(Files.isDirectory(data2.resolve("db/pauz")));

        // kill -9 right after a backup starts: after a restart every listed archive is whole, no leftovers remain.
        assertEquals(204, first.delete("admin/backups/" + second, Http.admin()).status());
        assertEquals(202, first.post("admin/backups", "application/json", "", Http.admin()).status());
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Http again = start(work.resolve("data1"), "first-after-kill");
        JsonNode archives = again.get("admin/backups", Http.admin()).json().path("archives");
        for (JsonNode a : archives) {
            Http.Reply whole = again.get("admin/backups/" + a.path("name").asText() + "?verify=true", Http.admin());
            assertEquals(whole.body(), 200, whole.status());
        }
        try (var left = Files.list(work.resolve("data1/backup-work"))) {
            assertEquals(List.of(), left.toList());
        }
        System.out.printf("kill -9 during a backup: %d whole archive(s) listed after restart, no leftovers%n", archives.size());
        stop();

        // Instance 2 on the restored directory: health is UP once the objects are back; the user reads the same entries.
        Http second2 = start(data2, "second");
        Http.Reply state = second2.get("admin/backups", Http.admin());
        assertEquals(state.body(), "done", state.json().path("restore").path("status").asText());
        assertEquals(0, state.json().path("archives").size()); // archives are not part of a backup
        Http.Reply login = second2.post("auth/local/login", "application/json",
                "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(login.body(), 200, login.status());
        String[] auth2 = { "Authorization", "Bearer " + login.json().path("token").asText() };
        for (Map.Entry<String, String> e : texts.entrySet()) {
            Http.Reply entry = second2.get("journal/entries/" + e.getKey(), auth2);
            assertEquals(entry.body(), 200, entry.status());
            assertEquals(e.getValue(), entry.json().path("text").asText());
        }
        Http.Reply entries = second2.get("journal/entries?limit=100", auth2);
        assertEquals(texts.size(), entries.json().path("entries").size());
        assertEquals(prefs.json(), second2.get("me/preferences", auth2).json());
        Http.Reply search = second2.get("journal/entries?q=lake", auth2);
        assertEquals(1, search.json().path("entries").size());
        System.out.printf("backup %s: %d objects, database %d files, archive %d bytes; restored and served by a second"
                + " instance%n", name, manifest.path("objects").path("count").asLong(),
                manifest.path("database").path("files").asInt(), download.body().length);
    }

    private static String backup(Http http) {
        Http.Reply started = http.post("admin/backups", "application/json", "", Http.admin());
        assertEquals(started.body(), 202, started.status());
        String job = started.json().path("id").asText();
        Http.Reply done = http.await("admin/backups/jobs/" + job, r -> !"running".equals(r.json().path("status").asText()),
                Duration.ofSeconds(120), Http.admin());
        assertEquals(done.body(), "done", done.json().path("status").asText());
        return done.json().path("archive").path("name").asText();
    }

    private static Http.Reply restore(Http http, String name, String target) throws IOException {
        return http.post("admin/backups/" + name + "/restore", "application/json",
                new ObjectMapper().writeValueAsString(Map.of("target", target)), Http.admin());
    }

    /** Reads the zip as a client would and checks each entry against the manifest; returns the manifest. */
    private static JsonNode checkArchive(byte[] zip) throws Exception {
        Map<String, String> actual = new HashMap<>();
        JsonNode manifest = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("manifest.json")) {
                    manifest = new ObjectMapper().readTree(content);
                } else {
                    actual.put(e.getName(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
                }
            }
        }
        assertTrue("manifest.json present", manifest != null);
        Map<String, String> listed = new HashMap<>();
        manifest.path("files").forEach(f -> listed.put(f.path("path").asText(), f.path("sha256").asText()));
        assertEquals(listed, actual);
        assertTrue(listed.keySet().stream().anyMatch(p -> p.startsWith("objects/free-journals/text-entries/")));
        assertTrue(listed.keySet().stream().anyMatch(p -> p.startsWith("db/pauz/seg0/")));
        assertTrue(listed.keySet().stream().noneMatch(p -> p.contains("backup-archives")));
        return manifest;
    }
}
