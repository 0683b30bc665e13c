package io.pauz.export.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.journal.EntryDraft;
import io.pauz.api.journal.EntryQuery;
import io.pauz.api.rest.ApiException;

public class ExportServiceTest {
    static final String ACCENTS = "Crème brûlée at the café in Zürich, São Paulo, Łódź.";
    static final String GREEK = "Η Ελλάδα είναι όμορφη το καλοκαίρι.";
    static final String CYRILLIC = "Привет, мир! Сегодня был хороший день.";
    static final String CJK = "今日はとても良い天気でした。東京の桜がきれいです。";
    static final String EMOJI = "Party time 🎉😀 👍🏽 ❤️ 👨‍👩‍👧 and a flag 🇫🇷.";

    private Fixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture();
        fx.users.add("alice", "Alice Émilie Dupont", "Europe/Paris");
        fx.users.add("bob", "Bob", "UTC");
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    private void entry(String user, String title, String text, String at) {
        fx.journal.create(user, new EntryDraft(text, title, Instant.parse(at), null));
    }

    private void sampleJournal(String user) {
        entry(user, "A good morning", "I woke up early and felt happy and calm.\n\nThe sun was out. " + ACCENTS,
                "2025-03-01T07:10:00Z");
        entry(user, "Ταξίδι", GREEK + "\n" + CYRILLIC, "2025-03-01T19:30:00Z");
        entry(user, null, "A long day at work. " + "The meeting went on and on, and I was tired afterwards. ".repeat(30),
                "2025-03-02T18:00:00Z");
        entry(user, "Tokyo", CJK, "2025-04-10T12:00:00Z");
        entry(user, "Emoji", EMOJI, "2025-04-11T12:00:00Z");
        var s = fx.guidedService.start(user, "builtin:stress");
        for (int i = 0; i < 3 && s.currentPrompt() != null; i++) {
            s = fx.guidedService.answer(user, s.id(), s.currentPrompt().id(), "Answer " + i + ": I feel a bit better, grateful. Ñandú.");
        }
        fx.guidedService.complete(user, s.id());
    }

    private JobRow export(String user, String format) {
        JobRow job = fx.exports.create(user, format, null, null);
        assertEquals("pending", job.status);
        assertTrue(fx.exports.runNow(job.id));
        JobRow done = fx.exports.get(user, job.id);
        assertEquals("the export failed: " + done.error, "done", done.status);
        return done;
    }

    private byte[] file(String user, JobRow job) {
        try (StoredObject o = fx.exports.file(user, job.id)) {
            return o.content().readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- PDF ---------------------------------------------------------------------------------------

    @Test
    public void pdfOpensAgainWithItsTextPagesFontsAndBookmarks() throws Exception {
        sampleJournal("alice");
        JobRow job = export("alice", "pdf");
        assertEquals("pdf-exports/alice/" + job.id + ".pdf", job.objectKey);
        byte[] pdf = file("alice", job);
        assertEquals((long) job.sizeBytes, pdf.length);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals((int) job.pages, doc.getNumberOfPages());
            assertTrue("title, contents, two months: " + doc.getNumberOfPages(), doc.getNumberOfPages() >= 4);
            String text = new PDFTextStripper().getText(doc);
            for (String expected : List.of("Alice Émilie Dupont", "Contents", "March 2025", "April 2025",
                    "Saturday, 1 March 2025", "A good morning", "Crème brûlée", "Zürich", "Łódź", "Ελλάδα", "Привет",
                    "Guided session", "Ñandú", "mood:", "2 / " + doc.getNumberOfPages(), "Party time")) {
                assertTrue("the PDF text has " + expected, text.contains(expected));
            }
            // Times are the user's (Paris, UTC+1 in March): 07:10Z is 08:10.
            assertTrue(text.contains("08:10"));
            assertFalse("no page number on the title page", new PDFTextStripper() {
                {
                    setStartPage(1);
                    setEndPage(1);
                }
            }.getText(doc).contains("1 / "));
            Set<String> fonts = new HashSet<>();
            for (PDPage page : doc.getPages()) {
                PDResources res = page.getResources();
                for (COSName name : res.getFontNames()) {
                    PDFont font = res.getFont(name);
                    fonts.add(font.getName());
                    assertTrue("embedded: " + font.getName(), font.isEmbedded());
                }
            }
            assertTrue(fonts.toString(), fonts.stream().anyMatch(f -> f.contains("DejaVuSerif")));
            List<String> months = new ArrayList<>();
            for (PDOutlineItem m : doc.getDocumentCatalog().getDocumentOutline().children()) {
                months.add(m.getTitle());
            }
            // The guided session was held today: its month comes last.
            assertEquals(List.of("Contents", "March 2025", "April 2025",
                    java.time.format.DateTimeFormatter.ofPattern("MMMM yyyy", java.util.Locale.ENGLISH)
                            .format(java.time.YearMonth.now(java.time.ZoneId.of("Europe/Paris")))), months);
            PDOutlineItem march = doc.getDocumentCatalog().getDocumentOutline().children().iterator().next().getNextSibling();
            List<String> days = new ArrayList<>();
            march.children().forEach(d -> days.add(d.getTitle()));
            assertEquals(List.of("Saturday, 1 March 2025", "Sunday, 2 March 2025"), days);

            // Pictures to look at: the title page with the garden, a day page.
            PDFRenderer renderer = new PDFRenderer(doc);
            BufferedImage page1 = renderer.renderImageWithDPI(0, 110);
            ImageIO.write(page1, "png", new File("target/export-page1.png"));
            ImageIO.write(renderer.renderImageWithDPI(2, 110), "png", new File("target/export-page3.png"));
        }
        Files.write(pdf, "target/export-sample.pdf");
    }

    @Test
    public void cjkAndEmojiNeverBreakThePdf() throws Exception {
        entry("bob", "絵文字 🎉", CJK + "\n" + EMOJI + "\n\uD83E\uDEE0 \uDB40\uDC67 \u200B\u2060 \uFFFF \uE000 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓀀 ᚠᛇᚻ",
                "2025-05-05T10:00:00Z");
        entry("bob", "Ok", "x", "2025-05-05T11:00:00Z");
        JobRow job = export("bob", "pdf");
        try (PDDocument doc = Loader.loadPDF(file("bob", job))) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Party time"));
            boolean cjkFont = fx.exports.fonts.sources().stream().anyMatch(s -> s.covers('今'));
            if (cjkFont) {
                assertTrue("a CJK font is installed: the text is drawn", text.contains("今日はとても良い天気でした"));
            } else {
                assertTrue("no CJK font here: boxes stand in", text.contains("\u25A1"));
            }
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    assertTrue(page.getResources().getFont(name).isEmbedded());
                }
            }
        }
    }

    @Test
    public void emptyRangeStillMakesABook() throws Exception {
        JobRow job = export("bob", "pdf");
        try (PDDocument doc = Loader.loadPDF(file("bob", job))) {
            assertEquals(3, doc.getNumberOfPages());
            assertTrue(new PDFTextStripper().getText(doc).contains("No entries"));
        }
    }

    /** While the journal is away (its bundle updated) a job waits, pending, without spending an attempt; then runs. */
    @Test
    public void aJobWaitsForTheJournalInsteadOfFailing() throws Exception {
        sampleJournal("alice");
        JobRow job = fx.exports.create("alice", "json", null, null);
        var journal = fx.exports.journal;
        fx.exports.journal = null;
        assertFalse(fx.exports.runNow(job.id));
        JobRow waiting = fx.exports.get("alice", job.id);
        assertEquals("pending", waiting.status);
        assertEquals(0, waiting.attempts);
        fx.exports.journal = journal;
        assertTrue(fx.exports.runNow(job.id));
        assertEquals("done", fx.exports.get("alice", job.id).status);
    }

    @Test
    public void rangeLimitsTheExport() throws Exception {
        sampleJournal("alice");
        JobRow job = fx.exports.create("alice", "json", Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-02T00:00:00Z"));
        fx.exports.runNow(job.id);
        JsonNode doc = fx.exports.json.readTree(file("alice", fx.exports.get("alice", job.id)));
        assertEquals(2, doc.get("entries").size());
        assertEquals(0, doc.get("guidedSessions").size());
        try {
            fx.exports.create("alice", "pdf", Instant.parse("2025-03-02T00:00:00Z"), Instant.parse("2025-03-01T00:00:00Z"));
            fail();
        } catch (ApiException e) {
            assertEquals(422, e.status());
            assertEquals("invalid_range", e.code());
        }
        try {
            fx.exports.create("alice", "docx", null, null);
            fail();
        } catch (ApiException e) {
            assertEquals("invalid_format", e.code());
        }
    }

    // ---- JSON and Markdown ---------------------------------------------------------------------------

    @Test
    public void jsonRoundTripGivesTheSameContent() throws Exception {
        sampleJournal("alice");
        byte[] first = file("alice", export("alice", "json"));
        JsonNode a = fx.exports.json.readTree(first);
        assertEquals(ExportDoc.SCHEMA_VERSION, a.get("schemaVersion").asInt());
        assertEquals("Alice Émilie Dupont", a.get("user").get("name").asText());
        assertEquals(5, a.get("entries").size());
        assertEquals(1, a.get("guidedSessions").size());

        Importer.Report report = fx.exports.importFile("carol", new ByteArrayInputStream(first), "application/json");
        assertEquals("pauz", report.source());
        assertEquals(new Importer.Counts(5, 1), report.imported());
        assertTrue(report.skipped().isEmpty());

        JsonNode c = fx.exports.json.readTree(file("carol", export("carol", "json")));
        assertEquals(content(a), content(c));

        // The same export zipped (for files over the REST layer's JSON cap) imports alike.
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            zip.putNextEntry(new ZipEntry("pauz-journal.json"));
            zip.write(first);
            zip.closeEntry();
        }
        Importer.Report fromZip = fx.exports.importFile("zoe", new ByteArrayInputStream(zipped.toByteArray()), "application/zip");
        assertEquals(new Importer.Counts(5, 1), fromZip.imported());
    }

    /** What a journal holds, without what an import necessarily changes (ids, updatedAt, source, the owner). */
    private static List<String> content(JsonNode doc) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : doc.get("entries")) {
            out.add(e.path("title").asText("") + "|" + e.get("text").asText() + "|" + e.get("createdAt").asText() + "|"
                    + e.path("mood").toString());
        }
        for (JsonNode s : doc.get("guidedSessions")) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = s.deepCopy();
            copy.remove("id");
            out.add(copy.toString());
        }
        return out;
    }

    @Test
    public void importingTwiceSkipsEverythingTheSecondTime() throws Exception {
        sampleJournal("alice");
        byte[] json = file("alice", export("alice", "json"));
        fx.exports.importFile("dave", new ByteArrayInputStream(json), "application/json");
        Importer.Report again = fx.exports.importFile("dave", new ByteArrayInputStream(json), "application/json");
        assertEquals(new Importer.Counts(0, 0), again.imported());
        assertEquals(6, again.skipped().size());
        assertTrue(again.skipped().stream().allMatch(s -> s.reason().equals("already imported")));
        assertEquals(5, fx.journal.list("dave", EntryQuery.all(100, null)).entries().size());
        assertEquals(1, fx.guided.sessions("dave", null, null).size());

        // Alice importing her own export back: it is already there.
        Importer.Report own = fx.exports.importFile("alice", new ByteArrayInputStream(json), "application/json");
        assertEquals(new Importer.Counts(0, 0), own.imported());
        assertEquals(5, fx.journal.list("alice", EntryQuery.all(100, null)).entries().size());
    }

    @Test
    public void aFileWithOneBadEntryImportsNothing() throws Exception {
        sampleJournal("alice");
        JsonNode doc = fx.exports.json.readTree(file("alice", export("alice", "json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("entries").get(3)).remove("createdAt");
        try {
            fx.exports.importFile("erin", new ByteArrayInputStream(fx.exports.json.writeValueAsBytes(doc)), "application/json");
            fail();
        } catch (ApiException e) {
            assertEquals(422, e.status());
            assertEquals("invalid_import", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("entries[3]"));
        }
        assertEquals(0, fx.journal.list("erin", EntryQuery.all(100, null)).entries().size());
        assertEquals(0, fx.guided.sessions("erin", null, null).size());
    }

    @Test
    public void aWriteFailingMidwayIsUndone() throws Exception {
        sampleJournal("alice");
        JsonNode doc = fx.exports.json.readTree(file("alice", export("alice", "json")));
        // Passes the file check but the journal refuses it (longer than its 100 000 characters): found only while writing.
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("entries").get(4)).put("text", "x".repeat(100_001));
        try {
            fx.exports.importFile("erin", new ByteArrayInputStream(fx.exports.json.writeValueAsBytes(doc)), "application/json");
            fail();
        } catch (ApiException e) {
            assertEquals(422, e.status());
        }
        assertEquals("the four entries written before were deleted again", 0,
                fx.journal.list("erin", EntryQuery.all(100, null)).entries().size());
        // A session that the guided feature refuses: the entries before it are undone too.
        doc = fx.exports.json.readTree(file("alice", export("alice", "json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("guidedSessions").get(0)).put("plannedPrompts", 0);
        try {
            fx.exports.importFile("erin", new ByteArrayInputStream(fx.exports.json.writeValueAsBytes(doc)), "application/json");
            fail();
        } catch (ApiException e) {
            assertEquals(422, e.status());
        }
        assertEquals(0, fx.journal.list("erin", EntryQuery.all(100, null)).entries().size());
        assertEquals(0, fx.guided.sessions("erin", null, null).size());
    }

    @Test
    public void markdownZipHasOneFilePerEntryAndSession() throws Exception {
        sampleJournal("alice");
        JobRow job = export("alice", "markdown");
        assertTrue(job.objectKey.endsWith(".md.zip"));
        Map<String, String> files = unzip(file("alice", job));
        assertEquals(files.keySet().toString(), 6, files.size());
        String morning = files.get("entries/2025-03-01-0810-a-good-morning.md");
        assertNotNull(files.keySet().toString(), morning);
        assertTrue(morning.startsWith("---\ntype: entry\n"));
        assertTrue(morning.contains("date: 2025-03-01T08:10:00+01:00"));
        assertTrue(morning.contains("title: \"A good morning\""));
        assertTrue(morning.contains("mood: "));
        assertTrue(morning.contains(ACCENTS));
        assertTrue(files.keySet().stream().anyMatch(n -> n.startsWith("guided/") && n.endsWith(".md")));
        String session = files.entrySet().stream().filter(e -> e.getKey().startsWith("guided/")).findFirst().orElseThrow().getValue();
        assertTrue(session.contains("type: guided-session"));
        assertTrue(session.contains("Ñandú"));
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    // ---- Day One --------------------------------------------------------------------------------------

    static final String DAY_ONE = """
            {
              "metadata" : { "version" : "1.0" },
              "entries" : [
                {
                  "uuid" : "6B1E9C5A0C1F4F7C9E8D3A2B1C0D9E8F",
                  "creationDate" : "2023-06-14T07:45:12Z",
                  "modifiedDate" : "2023-06-14T08:00:00Z",
                  "timeZone" : "Europe\\/Berlin",
                  "starred" : false,
                  "tags" : [ "travel", "summer" ],
                  "text" : "# Arrived in Lisbon\\n\\nThe flight was fine\\\\. The hotel is lovely \\\\- we walked to the river\\\\!\\n\\n![](dayone-moment:\\/\\/3A5F2B0C9D8E7F6A5B4C3D2E1F0A9B8C)\\n\\nAlmost 30°C.",
                  "location" : { "placeName" : "Lisbon", "latitude" : 38.72, "longitude" : -9.14 },
                  "weather" : { "temperatureCelsius" : 29, "conditionsDescription" : "Sunny" },
                  "photos" : [ { "identifier" : "3A5F2B0C9D8E7F6A5B4C3D2E1F0A9B8C", "md5" : "0f343b0931126a20f133d67c2b018a3b", "type" : "jpeg" } ]
                },
                {
                  "uuid" : "A0B1C2D3E4F5061728394A5B6C7D8E9F",
                  "creationDate" : "2023-06-15T21:10:00Z",
                  "timeZone" : "Europe\\/Berlin",
                  "text" : "Quiet evening. Read a book, felt grateful."
                },
                {
                  "uuid" : "FFEEDDCCBBAA99887766554433221100",
                  "creationDate" : "2023-06-16T09:00:00Z",
                  "text" : "![](dayone-moment:\\/\\/00112233445566778899AABBCCDDEEFF)",
                  "photos" : [ { "identifier" : "00112233445566778899AABBCCDDEEFF", "type" : "jpeg" } ]
                }
              ]
            }
            """;

    static byte[] dayOneZip(String journalJson) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("Journal.json"));
            zip.write(journalJson.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("photos/0f343b0931126a20f133d67c2b018a3b.jpeg"));
            zip.write(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0 });
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    public void dayOneZipImportsEntriesWithTitlesAndTags() throws Exception {
        Importer.Report report = fx.exports.importFile("frank", new ByteArrayInputStream(dayOneZip(DAY_ONE)), "application/zip");
        assertEquals("dayone", report.source());
        assertEquals(new Importer.Counts(3, 0), report.found());
        assertEquals(new Importer.Counts(2, 0), report.imported());
        assertEquals(1, report.skipped().size());
        assertEquals("FFEEDDCCBBAA99887766554433221100", report.skipped().get(0).id());

        var entries = fx.journal.list("frank", new EntryQuery(null, null, null, 100, null, true)).entries();
        assertEquals(2, entries.size());
        var lisbon = entries.get(1);
        assertEquals("Arrived in Lisbon", lisbon.title());
        assertEquals(Instant.parse("2023-06-14T07:45:12Z"), lisbon.createdAt());
        assertEquals("The flight was fine. The hotel is lovely - we walked to the river!\n\n[photo]\n\nAlmost 30°C.\n\n"
                + "Tags: travel, summer", lisbon.text());
        assertEquals("import", lisbon.source());
        assertNull(entries.get(0).title());

        // The bare Journal.json of the same export: everything is there already.
        Importer.Report again = fx.exports.importFile("frank",
                new ByteArrayInputStream(DAY_ONE.getBytes(StandardCharsets.UTF_8)), "application/json");
        assertEquals(new Importer.Counts(0, 0), again.imported());
        assertEquals(3, again.skipped().size());
        assertEquals(2, fx.journal.list("frank", EntryQuery.all(100, null)).entries().size());
    }

    @Test
    public void dayOneWithOneBadDateImportsNothing() throws Exception {
        String bad = DAY_ONE.replace("2023-06-15T21:10:00Z", "yesterday evening");
        try {
            fx.exports.importFile("gina", new ByteArrayInputStream(dayOneZip(bad)), "application/zip");
            fail();
        } catch (ApiException e) {
            assertEquals(422, e.status());
            assertTrue(e.getMessage(), e.getMessage().contains("A0B1C2D3E4F5061728394A5B6C7D8E9F"));
        }
        assertEquals(0, fx.journal.list("gina", EntryQuery.all(100, null)).entries().size());
    }

    @Test
    public void badFilesGetClearErrors() throws Exception {
        expect(400, "invalid_json", "{not json".getBytes(StandardCharsets.UTF_8), "application/json");
        expect(400, "empty_import", new byte[0], "application/json");
        expect(422, "unknown_import_format", "{\"hello\":1}".getBytes(StandardCharsets.UTF_8), "application/json");
        expect(422, "unsupported_schema_version", "{\"schemaVersion\":99,\"entries\":[]}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        expect(415, "unsupported_import_type", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        expect(400, "invalid_zip", "not a zip".getBytes(StandardCharsets.UTF_8), "application/zip");
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(empty)) {
            zip.putNextEntry(new ZipEntry("photos/a.jpeg"));
            zip.write(1);
            zip.closeEntry();
        }
        expect(422, "unknown_import_format", empty.toByteArray(), "application/zip");

        fx.exports.deactivate();
        fx.exports = smallImports();
        expect(413, "import_too_large", DAY_ONE.getBytes(StandardCharsets.UTF_8), "application/json");
        expect(413, "import_too_large", dayOneZip(DAY_ONE), "application/zip");
        assertEquals(0, fx.journal.list("hank", EntryQuery.all(100, null)).entries().size());
    }

    private ExportService smallImports() throws Exception {
        Fixture small = fx;
        ExportService s = new ExportService(io.pauz.testsupport.Configs.of(ExportConfig.class, Map.of("max.import.bytes", 1000L)), null,
                small.dataSource, small.buckets, small.journal, false);
        s.setGuidedJournal(small.guided);
        return s;
    }

    private void expect(int status, String code, byte[] body, String type) throws IOException {
        try {
            fx.exports.importFile("hank", new ByteArrayInputStream(body), type);
            fail("expected " + code);
        } catch (ApiException e) {
            assertEquals(e.getMessage(), code, e.code());
            assertEquals(status, e.status());
        }
    }

    // ---- jobs -----------------------------------------------------------------------------------------

    @Test
    public void nobodyFetchesAnotherUsersExport() throws Exception {
        sampleJournal("alice");
        JobRow job = export("alice", "pdf");
        for (Runnable r : List.<Runnable>of(() -> fx.exports.get("bob", job.id), () -> fx.exports.file("bob", job.id),
                () -> fx.exports.get("bob", "not-a-uuid"), () -> fx.exports.get("alice", java.util.UUID.randomUUID().toString()))) {
            try {
                r.run();
                fail();
            } catch (ApiException e) {
                assertEquals(404, e.status());
                assertEquals("export_not_found", e.code());
            }
        }
    }

    @Test
    public void notReadyFailedAndTooManyJobs() {
        JobRow job = fx.exports.create("bob", "pdf", null, null);
        try {
            fx.exports.file("bob", job.id);
            fail();
        } catch (ApiException e) {
            assertEquals(409, e.status());
            assertEquals("export_not_ready", e.code());
        }
        fx.exports.create("bob", "json", null, null);
        fx.exports.create("bob", "markdown", null, null);
        try {
            fx.exports.create("bob", "pdf", null, null);
            fail();
        } catch (ApiException e) {
            assertEquals(429, e.status());
        }
    }

    @Test
    public void pendingAndRunningJobsResumeAfterARestart() throws Exception {
        sampleJournal("alice");
        JobRow pending = fx.exports.create("alice", "pdf", null, null);
        JobRow running = fx.exports.create("alice", "json", null, null);
        try (var c = fx.dataSource.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE export_jobs SET status = 'running' WHERE id = '" + running.id + "'");
        }
        fx.exports.deactivate();
        fx.exports = fx.newExportService(true);
        for (int i = 0; i < 600; i++) { // a generous wait for the workers, not a timing assertion
            if (fx.exports.get("alice", pending.id).status.equals("done") && fx.exports.get("alice", running.id).status.equals("done")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("done", fx.exports.get("alice", pending.id).status);
        assertEquals("done", fx.exports.get("alice", running.id).status);
        assertEquals(5, (int) fx.exports.get("alice", running.id).entries);
        assertEquals(1, (int) fx.exports.get("alice", running.id).sessions);
    }

    @Test
    public void oldFilesAreDeletedAfterTheRetention() throws Exception {
        sampleJournal("alice");
        JobRow job = export("alice", "json");
        assertTrue(fx.buckets.head(Bucket.MEDIA_STORAGE, job.objectKey).isPresent());
        fx.exports.cleanUp();
        assertEquals("done", fx.exports.get("alice", job.id).status);
        fx.exports.clock = Clock.offset(Clock.systemUTC(), Duration.ofHours(169));
        fx.exports.cleanUp();
        assertEquals("expired", fx.exports.get("alice", job.id).status);
        assertFalse(fx.buckets.head(Bucket.MEDIA_STORAGE, job.objectKey).isPresent());
        try {
            fx.exports.file("alice", job.id);
            fail();
        } catch (ApiException e) {
            assertEquals(410, e.status());
        }
    }

    @Test
    public void guidedSessionsComeThroughTheJson() throws Exception {
        sampleJournal("alice");
        GuidedSessionRecord r = fx.guided.sessions("alice", null, null).get(0);
        JsonNode doc = fx.exports.json.readTree(file("alice", export("alice", "json")));
        JsonNode s = doc.get("guidedSessions").get(0);
        assertEquals(r.topic(), s.get("topic").asText());
        assertEquals(r.exchanges().size(), s.get("exchanges").size());
        assertEquals(r.exchanges().get(0).answer(), s.get("exchanges").get(0).get("answer").asText());
        assertEquals(r.startedAt().atOffset(ZoneOffset.UTC).toInstant().toString(), s.get("startedAt").asText());
    }

    /** Small helper: java.nio without the import clash of {@code Files} in this class. */
    static final class Files {
        static void write(byte[] bytes, String path) throws IOException {
            java.nio.file.Files.write(java.nio.file.Path.of(path), bytes);
        }
    }
}
