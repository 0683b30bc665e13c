package io.pauz.export.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.guided.GuidedJournal;
import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.journal.EntryDraft;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalService;
import io.pauz.api.rest.ApiException;

/**
 * Imports a PAUZ JSON export or a Day One export (its zip, or the bare Journal.json) into a user's journal.
 * All or nothing per file: the whole file is read and checked before anything is written, and if a write fails
 * midway what this import created is deleted again. Entries and sessions carry their id in the source as
 * external id, so a second import of the same file skips them (and says so) instead of duplicating them.
 */
final class Importer {
    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);
    private static final int MAX_ZIP_ENTRIES = 20_000;
    /** Photos and other media barely compress, so unpacked they are about as large as the zip; a bomb is far larger. */
    private static final long MEDIA_FACTOR = 4;
    private static final int MAX_TITLE = 200;
    /** Times an import takes: well inside what the database's TIMESTAMP holds in any time zone (years 1..9999). */
    private static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9000-01-01T00:00:00Z");
    private static final String TIME_RANGE = "must be a time between years 1000 and 9000";
    private static final Pattern DAYONE_MOMENT = Pattern.compile("!\\[[^\\]]*\\]\\(dayone-moment:/*[^)]*\\)");
    private static final Pattern MD_ESCAPE = Pattern.compile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!>|~])");

    private final JournalService journal;
    private final GuidedJournal guided; // null while the guided feature is not installed
    private final ObjectMapper json;
    private final long maxBytes;

    Importer(JournalService journal, GuidedJournal guided, ObjectMapper json, long maxBytes) {
        this.journal = journal;
        this.guided = guided;
        this.json = json;
        this.maxBytes = maxBytes;
    }

    record Skipped(String type, String id, String reason) {
    }

    record Counts(int entries, int guidedSessions) {
    }

    /** What an import did: {@code imported} were created, {@code skipped} were in the file but not taken, and why. */
    record Report(String source, Counts found, Counts imported, List<Skipped> skipped) {
    }

    private record PlannedEntry(String externalId, EntryDraft draft) {
    }

    private record PlannedSession(String externalId, GuidedSessionRecord session) {
    }

    /** The checked content of a file, before anything is written. */
    private static final class Plan {
        String source;
        final List<PlannedEntry> entries = new ArrayList<>();
        final List<PlannedSession> sessions = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<Skipped> skipped = new ArrayList<>();
        int foundEntries;
        int foundSessions;

        void error(String where, String why) {
            if (errors.size() < 20) {
                errors.add(where + ": " + why);
            }
        }
    }

    Report importFile(String userId, InputStream body, String mediaType) throws IOException {
        byte[] bytes = readCapped(body, maxBytes);
        if (bytes.length == 0) {
            throw ApiException.badRequest("empty_import", "the file is empty");
        }
        boolean zip = bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
        String base = mediaType == null ? "" : mediaType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        boolean zipType = base.equals("application/zip") || base.equals("application/x-zip-compressed");
        boolean jsonType = base.equals("application/json") || base.endsWith("+json");
        if (!zipType && !jsonType && !base.equals("application/octet-stream")) {
            throw new ApiException(415, "unsupported_import_type",
                    "send a PAUZ JSON export or a Day One export as application/json or application/zip");
        }
        if (zipType && !zip) {
            throw ApiException.badRequest("invalid_zip", "the body is not a zip file");
        }
        Plan plan = new Plan();
        if (zip) {
            List<byte[]> docs = jsonFilesOf(bytes);
            if (docs.isEmpty()) {
                throw ApiException.unprocessable("unknown_import_format", "the zip holds no journal JSON file (Journal.json)");
            }
            for (byte[] doc : docs) {
                read(parse(doc), plan);
            }
        } else {
            read(parse(bytes), plan);
        }
        if (!plan.errors.isEmpty()) {
            throw ApiException.unprocessable("invalid_import",
                    "nothing was imported; the file has " + (plan.errors.size() >= 20 ? "20 or more" : plan.errors.size())
                            + " invalid item(s): " + String.join("; ", plan.errors));
        }
        return write(userId, plan);
    }

    private JsonNode parse(byte[] doc) {
        try {
            JsonNode node = json.readTree(doc);
            if (node == null || !node.isObject()) {
                throw ApiException.unprocessable("unknown_import_format", "the JSON is not an object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "the file is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "the file cannot be read as JSON");
        }
    }

    private void read(JsonNode doc, Plan plan) {
        if (doc.has("schemaVersion")) {
            readPauz(doc, plan);
        } else if (doc.has("metadata") && doc.path("entries").isArray()) {
            readDayOne(doc, plan);
        } else {
            throw ApiException.unprocessable("unknown_import_format",
                    "neither a PAUZ export (schemaVersion) nor a Day One export (metadata, entries)");
        }
    }

    // ---- PAUZ JSON ---------------------------------------------------------------------------------------

    private void readPauz(JsonNode doc, Plan plan) {
        if (!doc.get("schemaVersion").canConvertToInt() || doc.get("schemaVersion").asInt() < 1) {
            throw ApiException.unprocessable("invalid_schema_version", "schemaVersion must be a positive number");
        }
        int version = doc.get("schemaVersion").asInt();
        if (version > ExportDoc.SCHEMA_VERSION) {
            throw ApiException.unprocessable("unsupported_schema_version", "this server reads schema version "
                    + ExportDoc.SCHEMA_VERSION + " and older; the file has " + version);
        }
        plan.source = plan.source == null ? "pauz" : plan.source;
        ExportDoc export;
        try {
            export = json.treeToValue(doc, ExportDoc.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.unprocessable("invalid_import", "the export does not match schema version " + version
                    + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        List<ExportDoc.EntryDoc> entries = export.entries() == null ? List.of() : export.entries();
        for (int i = 0; i < entries.size(); i++) {
            ExportDoc.EntryDoc e = entries.get(i);
            String where = "entries[" + i + "]";
            plan.foundEntries++;
            if (e == null) {
                plan.error(where, "is null");
                continue;
            }
            if (e.id() == null || e.id().isBlank() || e.id().length() > 200) {
                plan.error(where, "id is required (1..200 characters)");
            } else if (e.text() == null || e.text().isBlank()) {
                plan.error(where, "text is required");
            } else if (e.text().indexOf('\0') >= 0) {
                plan.error(where, "text contains NUL characters");
            } else if (e.createdAt() == null) {
                plan.error(where, "createdAt is required");
            } else if (!storable(e.createdAt())) {
                plan.error(where, "createdAt " + TIME_RANGE);
            } else if (e.title() != null && (e.title().strip().length() > MAX_TITLE || e.title().strip().chars().anyMatch(c -> c < 0x20))) {
                plan.error(where, "title must be one line of at most " + MAX_TITLE + " characters");
            } else {
                plan.entries.add(new PlannedEntry(e.id(), new EntryDraft(e.text(), e.title(), e.createdAt(), e.id())));
            }
        }
        List<ExportDoc.SessionDoc> sessions = export.guidedSessions() == null ? List.of() : export.guidedSessions();
        for (int i = 0; i < sessions.size(); i++) {
            ExportDoc.SessionDoc s = sessions.get(i);
            String where = "guidedSessions[" + i + "]";
            plan.foundSessions++;
            if (s == null) {
                plan.error(where, "is null");
            } else if (s.id() == null || s.id().isBlank() || s.id().length() > 200) {
                plan.error(where, "id is required (1..200 characters)");
            } else if (s.topic() == null || !s.topic().contains(":")) {
                plan.error(where, "topic must be <pack>:<topic>");
            } else if (s.startedAt() == null) {
                plan.error(where, "startedAt is required");
            } else if (!storable(s.startedAt()) || (s.completedAt() != null && !storable(s.completedAt()))) {
                plan.error(where, "startedAt and completedAt " + TIME_RANGE.replace("must", "must each"));
            } else if (s.exchanges() != null && s.exchanges().stream().anyMatch(x -> x == null || x.prompt() == null)) {
                plan.error(where, "every exchange needs a prompt");
            } else if (s.exchanges() != null && s.exchanges().stream().anyMatch(x -> x.answeredAt() != null && !storable(x.answeredAt()))) {
                plan.error(where, "answeredAt " + TIME_RANGE);
            } else {
                plan.sessions.add(new PlannedSession(s.id(), s.toRecord()));
            }
        }
    }

    // ---- Day One -----------------------------------------------------------------------------------------

    /**
     * Day One's JSON export: {@code {"metadata":{"version":"1.0"},"entries":[{"uuid","creationDate","text",
     * "timeZone","tags",...}]}}. The text is Markdown with Day One's backslash escapes and photo references
     * ({@code ![](dayone-moment://...)}); a leading {@code # heading} becomes the title.
     */
    private void readDayOne(JsonNode doc, Plan plan) {
        plan.source = plan.source == null ? "dayone" : plan.source;
        JsonNode entries = doc.get("entries");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            String where = "entries[" + i + "]";
            plan.foundEntries++;
            String uuid = e.path("uuid").asText(null);
            if (uuid == null || uuid.isBlank() || uuid.length() > 200) {
                plan.error(where, "uuid is required");
                continue;
            }
            Instant created;
            try {
                created = Instant.parse(e.path("creationDate").asText(""));
            } catch (DateTimeParseException ex) {
                plan.error(where + " (" + uuid + ")", "creationDate must be an ISO-8601 instant such as 2024-05-01T08:30:00Z");
                continue;
            }
            if (!storable(created)) {
                plan.error(where + " (" + uuid + ")", "creationDate " + TIME_RANGE);
                continue;
            }
            String[] titleAndText = dayOneText(e.path("text").asText(""));
            String text = titleAndText[1];
            List<String> tags = new ArrayList<>();
            e.path("tags").forEach(t -> {
                if (t.isTextual() && !t.asText().isBlank()) {
                    tags.add(t.asText().strip());
                }
            });
            if (!tags.isEmpty()) {
                text = (text.isEmpty() ? "" : text + "\n\n") + "Tags: " + String.join(", ", tags);
            }
            if (text.replace("[photo]", "").isBlank()) {
                plan.skipped.add(new Skipped("entry", uuid, "no text (photos and media are not imported)"));
                continue;
            }
            if (text.indexOf('\0') >= 0) {
                plan.error(where + " (" + uuid + ")", "text contains NUL characters");
                continue;
            }
            plan.entries.add(new PlannedEntry(uuid, new EntryDraft(text, titleAndText[0], created, uuid)));
        }
    }

    private static boolean storable(Instant t) {
        return !t.isBefore(EARLIEST) && t.isBefore(LATEST);
    }

    /** {title or null, text}: Day One's Markdown made plain enough to read, photos marked as such. */
    static String[] dayOneText(String raw) {
        String text = raw.replace("\r\n", "\n");
        text = DAYONE_MOMENT.matcher(text).replaceAll("[photo]");
        text = MD_ESCAPE.matcher(text).replaceAll("$1");
        String title = null;
        String stripped = text.stripLeading();
        if (stripped.startsWith("# ")) {
            int nl = stripped.indexOf('\n');
            String first = (nl < 0 ? stripped : stripped.substring(0, nl)).substring(2).strip();
            if (!first.isEmpty()) {
                title = first.length() > MAX_TITLE ? first.substring(0, MAX_TITLE).strip() : first;
                text = nl < 0 ? "" : stripped.substring(nl + 1);
            }
        }
        text = text.strip();
        if (text.isEmpty() && title != null) {
            text = title; // a heading alone is the entry
        }
        return new String[] { title, text };
    }

    // ---- writing -----------------------------------------------------------------------------------------

    private Report write(String userId, Plan plan) {
        List<Skipped> skipped = new ArrayList<>(plan.skipped);
        List<String> createdEntries = new ArrayList<>();
        List<String> createdSessions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (!plan.sessions.isEmpty() && guided == null) {
            for (PlannedSession s : plan.sessions) {
                skipped.add(new Skipped("guidedSession", s.externalId(), "guided journaling is not installed"));
            }
        }
        try {
            for (PlannedEntry p : plan.entries) {
                if (!seen.add("e:" + p.externalId())) {
                    skipped.add(new Skipped("entry", p.externalId(), "appears twice in the file"));
                } else if (journal.hasExternal(userId, p.externalId())) {
                    skipped.add(new Skipped("entry", p.externalId(), "already imported"));
                } else if (journal.find(userId, p.externalId()).isPresent()) {
                    skipped.add(new Skipped("entry", p.externalId(), "already in this journal"));
                } else {
                    try {
                        JournalEntry created = journal.create(userId, p.draft());
                        createdEntries.add(created.id());
                    } catch (ApiException e) {
                        if (e.status() == 409) { // imported meanwhile by a concurrent request
                            skipped.add(new Skipped("entry", p.externalId(), "already imported"));
                            continue;
                        }
                        throw new ApiException(e.status() == 413 ? 422 : e.status(), "invalid_import",
                                "nothing was imported; entry " + p.externalId() + ": " + e.getMessage(), e);
                    }
                }
            }
            if (guided != null) {
                for (PlannedSession p : plan.sessions) {
                    if (!seen.add("s:" + p.externalId())) {
                        skipped.add(new Skipped("guidedSession", p.externalId(), "appears twice in the file"));
                    } else if (guided.hasExternal(userId, p.externalId()) || ownSession(userId, p)) {
                        skipped.add(new Skipped("guidedSession", p.externalId(), "already imported"));
                    } else {
                        try {
                            createdSessions.add(guided.importSession(userId, p.session(), p.externalId()).id());
                        } catch (ApiException e) {
                            if (e.status() == 409) {
                                skipped.add(new Skipped("guidedSession", p.externalId(), "already imported"));
                                continue;
                            }
                            throw new ApiException(e.status(), "invalid_import",
                                    "nothing was imported; guided session " + p.externalId() + ": " + e.getMessage(), e);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            undo(userId, createdEntries, createdSessions);
            throw e;
        }
        return new Report(plan.source, new Counts(plan.foundEntries, plan.foundSessions),
                new Counts(createdEntries.size(), createdSessions.size()), skipped);
    }

    /** A session of this very user exported and imported back: it is already here. */
    private boolean ownSession(String userId, PlannedSession p) {
        Instant at = p.session().startedAt();
        return guided.sessions(userId, at, at.plusMillis(1)).stream().anyMatch(s -> s.id().equals(p.externalId()));
    }

    private void undo(String userId, List<String> entries, List<String> sessions) {
        for (String id : entries) {
            try {
                journal.delete(userId, id);
            } catch (RuntimeException e) {
                LOG.error("import rollback: entry {} of {} could not be deleted: {}", id, userId, e.toString());
            }
        }
        for (String id : sessions) {
            try {
                guided.deleteSession(userId, id);
            } catch (RuntimeException e) {
                LOG.error("import rollback: session {} of {} could not be deleted: {}", id, userId, e.toString());
            }
        }
    }

    // ---- input -------------------------------------------------------------------------------------------

    static byte[] readCapped(InputStream in, long cap) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0;) {
            total += n;
            if (total > cap) {
                throw tooLarge(cap);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiException tooLarge(long cap) {
        return new ApiException(413, "import_too_large", "imports are limited to " + cap + " bytes");
    }

    /**
     * The journal JSON files of a zip (Day One: one per journal); photos and other media are passed over.
     * Whatever is wrong with the zip (bad deflate data, cut short, odd names, a bomb) ends here as a 4xx.
     */
    private List<byte[]> jsonFilesOf(byte[] zipBytes) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long inflated = 0;
        long passedOver = 0;
        long passedOverCap = maxBytes > Long.MAX_VALUE / MEDIA_FACTOR ? Long.MAX_VALUE : maxBytes * MEDIA_FACTOR;
        int count = 0;
        // Names only decide which entries are JSON (ASCII suffixes), so Latin-1 reads any name without failing; a zip
        // that flags its names as UTF-8 is still decoded as UTF-8 by ZipInputStream (and a bad one is an invalid zip).
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes), StandardCharsets.ISO_8859_1)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (++count > MAX_ZIP_ENTRIES) {
                    throw ApiException.unprocessable("invalid_zip", "the zip has too many files");
                }
                String name = e.getName();
                if (e.isDirectory() || !name.toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                        || name.startsWith("__MACOSX/") || name.contains("/.")) {
                    // Read through here rather than in getNextEntry, so a bomb among the media is bounded too.
                    passedOver += skipCapped(zip, passedOverCap - passedOver);
                    continue;
                }
                byte[] data = readCapped(zip, maxBytes - inflated); // guards against zip bombs: the JSON counts fully
                inflated += data.length;
                files.put(name, data);
            }
        } catch (IOException | IllegalArgumentException e) {
            // IOException (ZipException, EOFException, ...): the bytes are in memory, so only the zip can be at fault.
            // IllegalArgumentException: an entry name flagged as UTF-8 that is not ("malformed input").
            throw ApiException.badRequest("invalid_zip", "the zip cannot be read: " + e.getMessage());
        }
        return new ArrayList<>(files.values());
    }

    /** Reads to the end of the current entry without keeping it; over {@code cap} bytes is a 413. */
    private static long skipCapped(InputStream in, long cap) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0;) {
            total += n;
            if (total > cap) {
                throw new ApiException(413, "import_too_large", "the files of the zip unpack to more than " + cap + " bytes");
            }
        }
        return total;
    }
}
