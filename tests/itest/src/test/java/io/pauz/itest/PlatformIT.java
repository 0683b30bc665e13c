package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.platform.PlatformInfo;

/** The runtime's bundles in a real Felix: all active, health and OpenAPI over HTTP, JSON errors. */
public class PlatformIT extends PauzTestBase {

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(PlatformIT.class));
    }

    @Test
    public void everyBundleOfTheRuntimeIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue("not active: " + notActive, notActive.isEmpty());
    }

    @Test
    public void healthListsBundlesAndFeatures() {
        Http.Reply reply = http.get("health");
        assertEquals(200, reply.status());
        JsonNode health = reply.json();
        assertEquals("UP", health.path("status").asText());
        boolean restActive = false;
        for (JsonNode b : health.path("bundles")) {
            if (b.path("symbolicName").asText().equals("io.pauz.rest")) {
                restActive = b.path("state").asText().equals("ACTIVE");
            }
        }
        assertTrue("io.pauz.rest listed as ACTIVE: " + reply.body(), restActive);
        assertEquals(context.getBundles().length, health.path("bundles").size());
        List<String> features = new ArrayList<>();
        for (JsonNode f : health.path("features")) {
            features.add(f.path("name").asText() + "=" + f.path("state").asText());
        }
        assertTrue(features.toString(), features.containsAll(List.of("accounts=up", "core=up", "storage=up")));
    }

    @Test
    public void probesForLoadBalancersAreSmall() {
        Http.Reply ready = http.get("health/ready");
        assertEquals(ready.body(), 200, ready.status());
        assertEquals("{\"status\":\"UP\"}", ready.body());
        Http.Reply live = http.get("health/live");
        assertEquals(200, live.status());
        assertEquals("{\"status\":\"UP\"}", live.body());
        assertTrue("the full answer stays on /health", http.get("health").body().contains("\"bundles\""));
    }

    @Test
    public void unknownPathsAndMethodsGetJsonErrors() {
        Http.Reply missing = http.get("nope");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.errorCode());

        Http.Reply deep = http.get("journal/entries/../../etc/passwd");
        assertTrue(deep.status() == 404 || deep.status() == 400);
        deep.errorCode();

        Http.Reply wrongMethod = http.delete("health");
        assertEquals(405, wrongMethod.status());
        assertEquals("method_not_allowed", wrongMethod.errorCode());
    }

    @Test
    public void openApiDescribesInstalledResources() {
        Http.Reply reply = http.get("openapi.json");
        assertEquals(200, reply.status());
        JsonNode paths = reply.json().path("paths");
        assertTrue(paths.has("/health"));
        assertTrue(paths.has("/admin/bundles/{id}"));
        assertFalse("public paths need no token", paths.path("/health").path("get").has("security"));
        assertTrue(paths.path("/admin/features").path("get").has("security"));
        assertFalse("no generated OPTIONS", paths.path("/health").has("options"));
    }

    @Test
    public void adminApiNeedsTheAdminToken() {
        Http.Reply anonymous = http.get("admin/bundles");
        assertEquals(401, anonymous.status());
        assertEquals("unauthorized", anonymous.errorCode());
        Http.Reply wrong = http.get("admin/bundles", "Authorization", "Bearer not-the-token");
        assertEquals(403, wrong.status());
        assertEquals("forbidden", wrong.errorCode());
        Http.Reply ok = http.get("admin/bundles", Http.admin());
        assertEquals(200, ok.status());
        assertEquals(context.getBundles().length, ok.json().size());
        Http.Reply unknown = http.post("admin/bundles/99999/start", "application/json", "", Http.admin());
        assertEquals(404, unknown.status());
        assertEquals("bundle_not_found", unknown.errorCode());
        Http.Reply system = http.post("admin/bundles/0/stop", "application/json", "", Http.admin());
        assertEquals(409, system.status());
        Http.Reply notAJar = http.postBytes("admin/bundles", "application/java-archive", "hello".getBytes(), Http.admin());
        assertEquals(422, notAJar.status());
        assertEquals("invalid_bundle", notAJar.errorCode());
    }

    @Test
    public void metricsInPrometheusFormatForOperators() {
        http.get("health");
        http.get("nope");
        assertEquals(401, http.get("metrics").status());
        Http.Reply metrics = http.get("metrics", Http.admin());
        assertEquals(200, metrics.status());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = metrics.body();
        assertTrue(text, text.contains("# TYPE pauz_http_requests_total counter"));
        assertTrue(text, text.matches("(?s).*pauz_http_requests_total\\{[^}]*route=\"/health\"[^}]*} [1-9].*"));
        assertTrue(text, text.matches("(?s).*pauz_http_requests_total\\{[^}]*route=\"unmatched\"[^}]*status=\"4xx\".*|(?s).*pauz_http_requests_total\\{[^}]*status=\"4xx\"[^}]*route=\"unmatched\".*"));
        assertTrue(text, text.contains("pauz_http_request_duration_seconds_bucket{"));
        assertTrue(text, text.contains("pauz_uptime_seconds "));
    }

    @Test
    public void platformInfoUsesTheConfiguredDataDirectory() {
        PlatformInfo info = context.getService(context.getServiceReference(PlatformInfo.class));
        assertEquals(workDir().resolve("data").toAbsolutePath().normalize(), info.dataDirectory());
        assertTrue(info.baseUrl().startsWith("http://localhost:"));
        assertTrue(Path.of(info.dataDirectory().toString()).toFile().isDirectory());
    }
}
