package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceReference;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.ObjectKeys;

/**
 * Switching SmartBucket from the local file system to S3 (a real S3 API on 127.0.0.1) and back by
 * editing config/io.pauz.storage.cfg, while the platform runs: features follow, nothing restarts.
 */
public class BucketSwitchIT extends PauzTestBase {

    @Configuration
    public Option[] config() throws Exception {
        return PauzOptions.runtime(newWorkDir(BucketSwitchIT.class), S3Fixture.start());
    }

    private String provider() throws Exception {
        Collection<ServiceReference<BucketStore>> refs = context.getServiceReferences(BucketStore.class, null);
        return refs.size() == 1 ? (String) refs.iterator().next().getProperty(BucketStore.PROVIDER_PROPERTY) : refs.size() + " stores";
    }

    private void select(String provider) throws Exception {
        Path cfg = workDir().resolve("config/io.pauz.storage.cfg");
        Files.writeString(cfg, "bucket.provider=" + provider + "\n");
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!provider.equals(provider()) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertEquals(provider, provider());
    }

    @Test
    public void fsToS3AndBackWhileServing() throws Exception {
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        Http.Reply registered = http.post("auth/local/register", "application/json",
                "{\"email\":\"s3@example.org\",\"password\":\"correct horse\",\"name\":\"S\"}");
        assertEquals(registered.body(), 201, registered.status());
        String[] auth = { "Authorization", "Bearer " + registered.json().path("token").asText() };
        String userId = registered.json().path("user").path("id").asText();
        String key = ObjectKeys.userKey("user-preferences/", userId, "preferences.json");
        assertEquals("fs", provider());

        select("s3");
        Http.Reply put = http.await("me/preferences", r -> r.status() == 200, Duration.ofSeconds(20), auth);
        assertEquals(200, put.status());
        var s3Ref = context.getServiceReferences(BucketStore.class, "(pauz.bucket.provider=s3)").iterator().next();
        BucketStore s3 = context.getService(s3Ref);
        awaitBound("io.pauz.accounts.internal.AccountService", BucketStore.class,
                (Long) s3Ref.getProperty(org.osgi.framework.Constants.SERVICE_ID), 20);
        Http.Reply stored = null;
        for (int i = 0; i < 100 && (stored == null || stored.status() == 503); i++) { // 503: not written, try again
            stored = http.send(http.request("me/preferences", auth).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"theme\":\"in-s3\"}")));
            if (stored.status() == 503) {
                Thread.sleep(100);
            }
        }
        assertEquals(stored.body(), 200, stored.status());
        String inS3 = new String(s3.get(Bucket.USER_PROFILES, key).orElseThrow().readAllBytes());
        assertTrue(inS3, inS3.contains("in-s3"));
        Http.Reply health = http.await("health", r -> r.body().contains("\"name\":\"bucket-s3\",\"state\":\"UP\""),
                Duration.ofSeconds(5));
        assertEquals(health.body(), 200, health.status());

        select("fs");
        assertEquals(200, http.await("me", r -> r.status() == 200, Duration.ofSeconds(20), auth).status());
        BucketStore fs = context.getService(context.getServiceReferences(BucketStore.class, "(pauz.bucket.provider=fs)")
                .iterator().next());
        assertTrue("the fs store was not written while S3 served", fs.get(Bucket.USER_PROFILES, key).isEmpty());
        assertTrue("same JVM", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() > uptime);
    }
}
