package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Export and import in the real runtime: a PDF job (202, poll, download) that PDFBox opens again, a JSON export
 * imported into another user, isolation between users, a second import that skips everything, bad files.
 */
public class ExportIT extends PauzTestBase {

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(ExportIT.class), "io.pauz.accounts:password.iterations=20000");
    }

    private String[] signUp() {
        Http.Reply r = http.post("auth/local/register", "application/json", "{\"email\":\"x" + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.org\",\"password\":\"correct horse\",\"name\":\"Zoë Ελένη\"}");
        assertEquals(r.body(), 201, r.status());
        return new String[] { "Authorization", "Bearer " + r.json().path("token").asText() };
    }

    private JsonNode awaitDone(String id, String[] auth) {
        Http.Reply r = http.await("exports/" + id, x -> x.status() != 200 || !x.json().path("status").asText().matches("pending|running"),
                Duration.ofSeconds(60), auth);
        assertEquals(r.body(), 200, r.status());
        assertEquals(r.body(), "done", r.json().path("status").asText());
        return r.json();
    }

    private String startExport(String format, String[] auth) {
        Http.Reply r = http.post("exports", "application/json", "{\"format\":\"" + format + "\"}", auth);
        assertEquals(r.body(), 202, r.status());
        assertTrue(r.json().path("status").asText().matches("pending|running|done"));
        return r.json().path("id").asText();
    }

    private byte[] download(String id, String[] auth) {
        HttpResponse<byte[]> file = http.bytes(http.request("exports/" + id + "/file", auth).GET());
        assertEquals(200, file.statusCode());
        return file.body();
    }

    @Test
    public void pdfJsonImportAndIsolation() throws Exception {
        service(Class.forName("io.pauz.api.guided.GuidedJournal"), null, 30);
        String[] a = signUp();
        // The export service starts after its schema migration; until then the resources answer 503.
        Http.Reply ready = http.await("exports/" + UUID.randomUUID(), r -> r.status() == 404, Duration.ofSeconds(60), a);
        assertEquals(ready.body() + "; inactive: " + inactiveComponents(), 404, ready.status());
        for (String text : new String[] { "Café au lait in Zürich, très bien.", "Η Ελλάδα και Россия.", "今日は良い天気 😀" }) {
            Http.Reply r = http.post("journal/entries", "application/json",
                    "{\"text\":\"" + text + "\",\"title\":\"Day\",\"createdAt\":\"2025-02-0" + (text.length() % 9 + 1) + "T10:00:00Z\"}", a);
            assertEquals(r.body(), 201, r.status());
        }

        String pdfId = startExport("pdf", a);
        JsonNode status = awaitDone(pdfId, a);
        assertTrue(status.path("pages").asInt() >= 3);
        byte[] pdf = download(pdfId, a);
        assertEquals(status.path("sizeBytes").asLong(), pdf.length);
        assertTrue(new String(pdf, 0, 5).startsWith("%PDF-"));
        // PDFBox inside the framework opens it again (by reflection: the probe is not compiled against PDFBox).
        Bundle pdfbox = null;
        for (Bundle b : context.getBundles()) {
            if ("org.apache.pdfbox".equals(b.getSymbolicName())) {
                pdfbox = b;
            }
        }
        assertNotNull("the runtime ships PDFBox", pdfbox);
        Class<?> loader = pdfbox.loadClass("org.apache.pdfbox.Loader");
        Object doc = loader.getMethod("loadPDF", byte[].class).invoke(null, (Object) pdf);
        try {
            Method pages = doc.getClass().getMethod("getNumberOfPages");
            assertEquals(status.path("pages").asInt(), pages.invoke(doc));
            Object stripper = pdfbox.loadClass("org.apache.pdfbox.text.PDFTextStripper").getConstructor().newInstance();
            String text = (String) stripper.getClass().getMethod("getText", doc.getClass()).invoke(stripper, doc);
            assertTrue(text, text.contains("Zoë Ελένη"));
            assertTrue(text, text.contains("Zürich"));
            assertTrue(text, text.contains("Россия"));
        } finally {
            doc.getClass().getMethod("close").invoke(doc);
        }

        // B sees nothing of A's exports.
        String[] b = signUp();
        assertEquals("export_not_found", http.get("exports/" + pdfId, b).errorCode());
        assertEquals(404, http.get("exports/" + pdfId + "/file", b).status());
        assertEquals(404, http.get("exports/not-an-id", a).status());

        // JSON export of A into B, then again: skipped.
        String jsonId = startExport("json", a);
        awaitDone(jsonId, a);
        byte[] json = download(jsonId, a);
        Http.Reply imported = http.postBytes("imports", "application/json", json, b);
        assertEquals(imported.body(), 200, imported.status());
        assertEquals(3, imported.json().path("imported").path("entries").asInt());
        Http.Reply list = http.get("journal/entries?limit=10", b);
        assertEquals(3, list.json().path("entries").size());
        Http.Reply again = http.postBytes("imports", "application/json", json, b);
        assertEquals(again.body(), 200, again.status());
        assertEquals(0, again.json().path("imported").path("entries").asInt());
        assertEquals(3, again.json().path("skipped").size());
        assertEquals(3, http.get("journal/entries?limit=10", b).json().path("entries").size());

        // Markdown and bad requests.
        String mdId = startExport("markdown", b);
        awaitDone(mdId, b);
        byte[] zip = download(mdId, b);
        assertEquals('P', zip[0]);
        assertEquals("invalid_format", http.post("exports", "application/json", "{\"format\":\"doc\"}", a).errorCode());
        assertEquals("invalid_range", http.post("exports", "application/json",
                "{\"format\":\"pdf\",\"from\":\"2025-13-01\"}", a).errorCode());
        assertEquals("invalid_json", http.postBytes("imports", "application/json", "{oops".getBytes(), b).errorCode());
        assertEquals(415, http.postBytes("imports", "text/plain", "hello".getBytes(), b).status());
        assertEquals(401, http.post("exports", "application/json", "{\"format\":\"pdf\"}").status());
    }
}
