package io.pauz.itest;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import java.time.Instant;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import io.pauz.api.identity.Session;
import io.pauz.api.identity.Sessions;

/** The single JSON error format on every error path of a resource a feature bundle contributes. */
public class RestErrorsIT extends PauzTestBase {

    @Configuration
    public Option[] config() throws Exception {
        Path work = newWorkDir(RestErrorsIT.class);
        Fixtures.helloBundle(work.resolve("fixtures"), "1.0.0", "v1");
        return PauzOptions.runtime(work);
    }

    @Before
    public void installHello() throws Exception {
        if (http.get("hello").status() != 200) {
            Path jar = workDir().resolve("fixtures").resolve(Fixtures.HELLO_BSN + "-1.0.0.jar");
            Bundle b = context.installBundle(jar.toUri().toString());
            b.start();
            assertEquals("v1", http.await("hello", r -> r.status() == 200, Duration.ofSeconds(10)).body());
        }
    }

    @Test
    public void nonPublicResourcesNeedAValidSession() throws Exception {
        Http.Reply none = http.get("hello/me");
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.errorCode());
        assertEquals("Bearer realm=\"pauz\"", none.headers().firstValue("WWW-Authenticate").orElse(null));

        // Accounts stopped: the platform says so instead of letting anyone in.
        Bundle accounts = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "io.pauz.accounts".equals(b.getSymbolicName())).findFirst().orElseThrow();
        accounts.stop();
        try {
            Http.Reply noProvider = http.await("hello/me", r -> r.status() == 503, Duration.ofSeconds(10),
                    "Authorization", "Bearer some-token");
            assertEquals(503, noProvider.status());
            assertEquals("unavailable", noProvider.errorCode());
        } finally {
            accounts.start();
        }

        Sessions sessions = token -> token.equals("good-token")
                ? Optional.of(new Session("s1", "user-a", "a@example.test", "A", Instant.now().plusSeconds(60)))
                : Optional.empty();
        java.util.Hashtable<String, Object> ranked = new java.util.Hashtable<>();
        ranked.put(org.osgi.framework.Constants.SERVICE_RANKING, 100); // preferred over the accounts feature
        ServiceRegistration<Sessions> registration = context.registerService(Sessions.class, sessions, ranked);
        try {
            Http.Reply ok = http.await("hello/me", r -> r.status() == 200, Duration.ofSeconds(5),
                    "Authorization", "Bearer good-token");
            assertEquals("user-a", ok.body());
            Http.Reply bad = http.get("hello/me", "Authorization", "Bearer forged");
            assertEquals(401, bad.status());
            assertEquals("unauthorized", bad.errorCode());
            // The admin token is the operator, not a user.
            assertEquals(401, http.get("hello/me", Http.admin()).status());
            // Public methods stay public.
            assertEquals(200, http.get("hello").status());
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void validJsonIsEchoed() {
        Http.Reply ok = http.post("hello/echo", "application/json", "{\"text\":\"héllo ✓\"}");
        assertEquals(200, ok.status());
        assertEquals("héllo ✓", ok.json().path("text").asText());
    }

    @Test
    public void malformedJsonIs400() {
        Http.Reply bad = http.post("hello/echo", "application/json", "{\"text\": ");
        assertEquals(400, bad.status());
        assertEquals("bad_json", bad.errorCode());
        Http.Reply trailing = http.post("hello/echo", "application/json", "{} {}");
        assertEquals(400, trailing.status());
        assertEquals("bad_json", trailing.errorCode());
        Http.Reply wrongShape = http.post("hello/echo", "application/json", "[1,2]");
        assertEquals(400, wrongShape.status());
        assertEquals("bad_json", wrongShape.errorCode());
    }

    @Test
    public void wrongMediaTypeIs415() {
        Http.Reply reply = http.post("hello/echo", "text/plain", "hello");
        assertEquals(415, reply.status());
        assertEquals("unsupported_media_type", reply.errorCode());
    }

    @Test
    public void unacceptableIs406() {
        Http.Reply reply = http.get("hello", "Accept", "image/png");
        assertEquals(406, reply.status());
        assertEquals("not_acceptable", reply.errorCode());
    }

    @Test
    public void tooLargeIs413WithOrWithoutContentLength() {
        String big = "{\"text\":\"" + "x".repeat(1_100_000) + "\"}";
        Http.Reply declared = http.post("hello/echo", "application/json", big);
        assertEquals(413, declared.status());
        assertEquals("payload_too_large", declared.errorCode());

        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder chunked = http.request("hello/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(bytes)));
        Http.Reply streamed = http.send(chunked);
        assertEquals(413, streamed.status());
        assertEquals("payload_too_large", streamed.errorCode());
    }
}
