package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;

/** Editing a file in config/ changes behaviour while the platform runs, without restarting anything. */
public class ConfigLiveIT extends PauzTestBase {
    private static final String ORIGIN = "https://journal.example.test";

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(ConfigLiveIT.class));
    }

    @Test
    public void corsOriginsEditedInConfigApplyLive() throws Exception {
        Bundle rest = bundle("io.pauz.rest");
        long restId = rest.getBundleId();
        Http.Reply before = http.get("health", "Origin", ORIGIN);
        assertFalse(before.headers().firstValue("Access-Control-Allow-Origin").isPresent());

        Path cfg = workDir().resolve("config").resolve("io.pauz.rest.cfg");
        String text = Files.readString(cfg).replaceAll("(?m)^cors\\.origins=.*$", "cors.origins=" + ORIGIN);
        Path temp = cfg.resolveSibling("io.pauz.rest.cfg.tmp");
        Files.writeString(temp, text);
        Files.move(temp, cfg, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        Http.Reply after = http.await("health",
                r -> ORIGIN.equals(r.headers().firstValue("Access-Control-Allow-Origin").orElse(null)),
                Duration.ofSeconds(10), "Origin", ORIGIN);
        assertEquals(ORIGIN, after.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        Http.Reply other = http.get("health", "Origin", "https://evil.example.test");
        assertFalse(other.headers().firstValue("Access-Control-Allow-Origin").isPresent());

        // Preflight from the allowed origin is answered by the filter.
        Http.Reply preflight = http.send(http.request("health").method("OPTIONS",
                java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST"));
        assertEquals(204, preflight.status());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));

        // Same bundle, never restarted: the component took the change through @Modified.
        assertEquals(restId, bundle("io.pauz.rest").getBundleId());
        assertEquals(Bundle.ACTIVE, rest.getState());
    }

    @Test
    public void requestLimitEditedInConfigAppliesLive() throws Exception {
        Path cfg = workDir().resolve("config").resolve("io.pauz.rest.cfg");
        String text = Files.readString(cfg).replaceAll("(?m)^max\\.json\\.bytes=.*$", "max.json.bytes=10");
        Files.writeString(cfg, text);
        Http.Reply reply = null;
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            reply = http.post("admin/features", "application/json", "{\"x\":\"0123456789\"}", Http.admin());
            if (reply.status() == 413) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(413, reply.status());
        assertEquals("payload_too_large", reply.errorCode());
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }
}
