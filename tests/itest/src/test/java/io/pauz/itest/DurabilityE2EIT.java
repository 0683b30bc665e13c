package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Storage faults while {@code pauz.jar} runs: the local bucket provider's quota is reached (the full-disk case) and
 * the bucket provider fails (switched live to an S3 endpoint where nothing listens). Writes answer 507 or 503 in the
 * API's JSON error format, never 500; nothing half-written becomes visible; every acknowledged entry stays readable
 * and whole; when storage comes back, writes work again without a restart.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DurabilityE2EIT {
    private static SecurityProcess pauz;
    private static Http http;
    private static String[] a;
    /** Every entry the server acknowledged (201), with its text. */
    private static final Map<String, String> acknowledged = new LinkedHashMap<>();

    @BeforeClass
    public static void start() throws Exception {
        pauz = new SecurityProcess("durability").start();
        http = pauz.http;
        Http.Reply reg = http.post("auth/local/register", "application/json",
                "{\"email\":\"full@example.org\",\"password\":\"correct horse battery\",\"name\":\"F\"}");
        assertEquals(reg.body(), 201, reg.status());
        a = new String[] { "Authorization", "Bearer " + reg.json().path("token").asText() };
        for (int i = 0; i < 3; i++) {
            create("baseline entry " + i);
        }
    }

    @AfterClass
    public static void stop() throws Exception {
        if (pauz != null) {
            pauz.close();
        }
    }

    private static Http.Reply create(String text) {
        Http.Reply r = http.post("journal/entries", "application/json", "{\"text\":\"" + text + "\"}", a);
        if (r.status() == 201) {
            acknowledged.put(r.json().path("id").asText(), text);
        }
        return r;
    }

    /** Every listed entry is one the server acknowledged, readable with exactly its text; every acknowledged one is listed. */
    private static void assertNothingHalfWritten() {
        Map<String, String> listed = new HashMap<>();
        String cursor = null;
        do {
            Http.Reply page = http.get("journal/entries?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), a);
            assertEquals(page.body(), 200, page.status());
            for (JsonNode e : page.json().path("entries")) {
                listed.put(e.path("id").asText(), e.path("preview").asText());
            }
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
        } while (cursor != null);
        assertEquals("listed entries are exactly the acknowledged ones", acknowledged.keySet(), Set.copyOf(listed.keySet()));
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            Http.Reply one = http.get("journal/entries/" + e.getKey(), a);
            assertEquals(one.body(), 200, one.status());
            assertEquals(e.getValue(), one.json().path("text").asText());
        }
    }

    @Test
    public void t1_fullBucketAnswers507AndRecovers() throws Exception {
        pauz.setConfig("io.pauz.bucket.local:quota.bytes=40000");
        String filler = "full disk test words ".repeat(200); // about 4 KB a write
        Http.Reply last = null;
        int created = 0;
        int unavailable = 0;
        for (int i = 0; i < 200; i++) {
            last = create(filler + i);
            assertTrue("never a 500: " + last.body(), last.status() != 500 && last.status() > 0);
            if (last.status() == 507) {
                break;
            }
            created += last.status() == 201 ? 1 : 0;
            if (last.status() == 503) {
                unavailable++; // the provider re-registers with the new quota; features rebind
                Thread.sleep(50);
            }
        }
        assertEquals(last.body(), 507, last.status());
        assertEquals("insufficient_storage", last.errorCode());
        // An update of an existing entry also fails cleanly and leaves the previous version.
        String first = acknowledged.keySet().iterator().next();
        Http.Reply before = http.get("journal/entries/" + first, a);
        Http.Reply update = http.send(http.request("journal/entries/" + first, a).header("Content-Type", "application/json")
                .header("If-Match", before.headers().firstValue("ETag").orElse("*"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + filler + " replaced\"}")));
        assertEquals(update.body(), 507, update.status());
        Http.Reply after = http.get("journal/entries/" + first, a);
        assertEquals(before.json().path("version").asInt(), after.json().path("version").asInt());
        assertNothingHalfWritten();

        pauz.setConfig("io.pauz.bucket.local:quota.bytes=0");
        Http.Reply again = null;
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end && (again == null || again.status() != 201)) {
            again = create("after the quota was lifted");
            Thread.sleep(again.status() == 201 ? 0 : 100);
        }
        assertEquals(again.body(), 201, again.status());
        assertNothingHalfWritten();
        assertTrue(http.get("health").status() == 200);
        System.out.printf("quota: %d writes acknowledged before 507 (%d x 503 while the provider re-registered); all %d entries whole%n",
                created, unavailable, acknowledged.size());
    }

    @Test
    public void t2_failedBucketProviderAnswers503AndRecovers() throws Exception {
        int deadPort = PauzOptions.freePort(); // nothing listens there
        pauz.setConfig("io.pauz.bucket.s3:endpoint=http://127.0.0.1:" + deadPort);
        pauz.setConfig("io.pauz.bucket.s3:access.key=test");
        pauz.setConfig("io.pauz.bucket.s3:secret.key=test-secret");
        pauz.setConfig("io.pauz.bucket.s3:timeout.ms=2000");
        pauz.setConfig("io.pauz.storage:bucket.provider=s3");
        String some = acknowledged.keySet().iterator().next();
        Http.Reply read = http.await("journal/entries/" + some, r -> r.status() == 503, Duration.ofSeconds(30), a);
        assertEquals(read.body(), 503, read.status());
        assertEquals("JSON error format", 503, read.json().path("error").path("status").asInt());
        int failed = 0;
        for (int i = 0; i < 10; i++) {
            Http.Reply r = create("written while the provider is down " + i);
            assertTrue("503 (or 507), never 500 or 201: " + r.status() + " " + r.body(), r.status() == 503 || r.status() == 507);
            r.errorCode();
            failed++;
        }
        Http.Reply health = http.get("health");
        if (health.status() != 503) {
            System.out.println("note: /health answered " + health.status() + " while every storage call answered 503");
        }

        pauz.setConfig("io.pauz.storage:bucket.provider=fs");
        Http.Reply back = http.await("journal/entries/" + some, r -> r.status() == 200, Duration.ofSeconds(30), a);
        assertEquals(back.body(), 200, back.status());
        assertNothingHalfWritten();
        assertEquals(201, create("after the provider came back").status());
        assertEquals(200, http.await("health", r -> r.status() == 200, Duration.ofSeconds(20)).status());
        assertTrue(pauz.alive());
        System.out.printf("provider down: %d writes answered 503, none visible afterwards; %d entries whole%n", failed, acknowledged.size());
    }
}
