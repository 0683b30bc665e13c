package io.pauz.export.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pauz.api.journal.EntryDraft;
import io.pauz.api.journal.EntryQuery;
import io.pauz.api.rest.ApiException;

/**
 * Seeded, bounded fuzzing of imports: valid PAUZ and Day One files (JSON and zip) are mutated (flipped bytes, cut
 * short, corrupt or Latin-1 entry names, bombs, JSON values of the wrong kind) and imported. The only outcomes allowed
 * are success or an ApiException with 400, 413, 415 or 422, and a refused import leaves nothing behind.
 * {@code -Dimport.fuzz.seed=..} and {@code -Dimport.fuzz.rounds=..} (per kind of mutation) widen a run; failing inputs
 * are written to {@code target/import-fuzz/} to replay.
 */
public class ImportFuzzTest {
    private static final long SEED = Long.getLong("import.fuzz.seed", 20_261_205L);
    private static final int ROUNDS = Integer.getInteger("import.fuzz.rounds", 100);
    private static final long CAP = 256 * 1024; // a small max.import.bytes, so bombs hit it quickly
    private static final Set<Integer> CLIENT_ERRORS = Set.of(400, 413, 415, 422);

    private Fixture fx;
    private Random random;
    private byte[] pauzJson;
    private byte[] dayOneJson;
    private int users;
    /** Outcome (success or status/code) -> how often; printed, so a run shows what the mutations reached. */
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(Map.of("max.import.bytes", CAP));
        random = new Random(SEED);
        fx.journal.create("alice", new EntryDraft("I woke up early and felt calm. Crème brûlée, Łódź, 今日は 🎉.", "Morning",
                Instant.parse("2025-03-01T07:10:00Z"), null));
        fx.journal.create("alice", new EntryDraft("A long day at work, tired.", null, Instant.parse("2025-03-02T18:00:00Z"), null));
        var s = fx.guidedService.start("alice", "builtin:stress");
        for (int i = 0; i < 2 && s.currentPrompt() != null; i++) {
            s = fx.guidedService.answer("alice", s.id(), s.currentPrompt().id(), "Answer " + i + ": a bit better.");
        }
        fx.guidedService.complete("alice", s.id());
        JobRow job = fx.exports.create("alice", "json", null, null);
        assertTrue(fx.exports.runNow(job.id));
        try (var o = fx.exports.file("alice", job.id)) {
            pauzJson = o.content().readAllBytes();
        }
        dayOneJson = ExportServiceTest.DAY_ONE.getBytes(StandardCharsets.UTF_8);
    }

    @After
    public void tearDown() throws Exception {
        System.out.println("import fuzz (seed " + SEED + ", " + ROUNDS + " rounds per mutation): " + outcomes);
        fx.close();
    }

    @Test
    public void theUnmutatedFilesImport() throws Exception {
        for (byte[] zip : List.of(zip("pauz-journal.json", pauzJson), ExportServiceTest.dayOneZip(ExportServiceTest.DAY_ONE))) {
            String user = "clean" + users++;
            Importer.Report r = fx.exports.importFile(user, new ByteArrayInputStream(zip), "application/zip");
            assertTrue(r.imported().entries() > 0);
        }
        // Windows and old tools write entry names in a local charset without the UTF-8 flag.
        byte[] latin1 = zip(StandardCharsets.ISO_8859_1, "Journal été.json", dayOneJson);
        assertEquals(2, fx.exports.importFile("latin", new ByteArrayInputStream(latin1), "application/zip").imported().entries());
    }

    @Test
    public void mutatedZipsGiveSuccessOrA4xx() throws Exception {
        List<byte[]> seeds = List.of(zip("pauz-journal.json", pauzJson), ExportServiceTest.dayOneZip(ExportServiceTest.DAY_ONE),
                zip(StandardCharsets.ISO_8859_1, "Día único.json", dayOneJson), storedZip("Journal.json", dayOneJson));
        for (int round = 0; round < ROUNDS; round++) {
            for (byte[] seed : seeds) {
                check("flip", flip(seed), "application/zip");
                check("truncate", Arrays.copyOf(seed, 1 + random.nextInt(seed.length - 1)), "application/zip");
                check("splice", splice(seed), "application/zip");
                check("name", corruptNames(seed), "application/zip");
                check("octet", flip(seed), "application/octet-stream");
            }
        }
        assertNoFailures();
    }

    @Test
    public void zipBombsAndNestedZipsGiveA4xx() throws Exception {
        byte[] spaces = new byte[(int) CAP * 3];
        Arrays.fill(spaces, (byte) ' ');
        spaces[0] = '{';
        spaces[spaces.length - 1] = '}';
        expect(413, "json bomb", zip("Journal.json", spaces));
        // Media are read through too: a bomb among the photos is bounded as well.
        expect(413, "media bomb", zip("Journal.json", dayOneJson, "photos/a.jpeg", new byte[(int) CAP * 5]));
        // Many small JSON files add up.
        Object[] many = new Object[2 * 8];
        for (int i = 0; i < 8; i++) {
            many[2 * i] = "j" + i + ".json";
            many[2 * i + 1] = Arrays.copyOf(spaces, (int) CAP / 4);
        }
        expect(413, "many json", zip(many));
        byte[] inner = ExportServiceTest.dayOneZip(ExportServiceTest.DAY_ONE);
        expect(400, "zip named json", zip("Journal.json", inner));
        expect(422, "zip in zip", zip("inner.zip", inner));
        expect(400, "zip of nothing", zip()); // only an end record: no PK\3\4 at the start
        expect(422, "only a directory", zip("Journal.json/", new byte[0]));
        expect(400, "zip that is json", pauzJson, "application/zip");
        expect(415, "text", pauzJson, "text/plain");
        expect(400, "empty", new byte[0], "application/zip");
        expect(422, "only the magic", new byte[] { 'P', 'K', 3, 4 }, "application/zip");
        assertNoFailures();
    }

    @Test
    public void mutatedJsonGivesSuccessOrA4xx() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            for (byte[] seed : List.of(pauzJson, dayOneJson)) {
                check("json flip", flip(seed), "application/json");
                check("json truncate", Arrays.copyOf(seed, 1 + random.nextInt(seed.length - 1)), "application/json");
                check("json token", insertToken(seed), "application/json");
                check("json value", replaceValue(seed), "application/json");
                check("json value zipped", zip("x.json", replaceValue(seed)), "application/zip");
            }
        }
        assertNoFailures();
    }

    // ---- checking ------------------------------------------------------------------------------------------

    private void check(String kind, byte[] body, String type) {
        String user = "fuzz" + users++;
        String outcome;
        try {
            fx.exports.importFile(user, new ByteArrayInputStream(body), type);
            outcome = "ok";
        } catch (ApiException e) {
            outcome = e.status() + " " + e.code();
            if (!CLIENT_ERRORS.contains(e.status())) {
                fail(kind, body, type, e);
            }
            int entries = fx.journal.list(user, EntryQuery.all(100, null)).entries().size();
            int sessions = fx.guided.sessions(user, null, null).size();
            if (entries + sessions > 0) {
                fail(kind, body, type, new AssertionError("refused with " + outcome + " but left " + entries + " entries, "
                        + sessions + " sessions"));
            }
        } catch (Throwable e) { // anything else would be an HTTP 500
            outcome = e.getClass().getSimpleName();
            fail(kind, body, type, e);
        }
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private void expect(int status, String kind, byte[] zip) {
        expect(status, kind, zip, "application/zip");
    }

    private void expect(int status, String kind, byte[] body, String type) {
        try {
            fx.exports.importFile("expect" + users++, new ByteArrayInputStream(body), type);
            failures.add(kind + ": imported, expected " + status);
        } catch (ApiException e) {
            if (e.status() != status) {
                failures.add(kind + ": " + e.status() + " " + e.code() + " " + e.getMessage() + ", expected " + status);
            }
        } catch (Throwable e) {
            fail(kind, body, type, e);
        }
    }

    private void fail(String kind, byte[] body, String type, Throwable e) {
        String name = "failure-" + failures.size() + (type.contains("zip") ? ".zip" : ".json");
        try {
            Path dir = Files.createDirectories(Path.of("target/import-fuzz"));
            Files.write(dir.resolve(name), body);
        } catch (IOException io) {
            // the message below still says what happened
        }
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        failures.add(kind + " (" + type + ", target/import-fuzz/" + name + "): " + trace.toString().lines().limit(8)
                .reduce((a, b) -> a + "\n    " + b).orElse(""));
    }

    private void assertNoFailures() {
        assertTrue(failures.size() + " failure(s), seed " + SEED + ":\n" + String.join("\n", failures.subList(0,
                Math.min(10, failures.size()))), failures.isEmpty());
    }

    // ---- mutations -----------------------------------------------------------------------------------------

    private byte[] flip(byte[] seed) {
        byte[] b = seed.clone();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            int at = random.nextInt(b.length);
            b[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (b[at] ^ (1 << random.nextInt(8)));
        }
        return b;
    }

    /** Cuts out, repeats or inserts a random range. */
    private byte[] splice(byte[] seed) {
        int from = random.nextInt(seed.length);
        int len = 1 + random.nextInt(Math.min(64, seed.length - from));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(seed, 0, from);
        switch (random.nextInt(3)) {
            case 0 -> { } // cut out
            case 1 -> { out.write(seed, from, len); out.write(seed, from, len); }
            default -> { byte[] junk = new byte[len]; random.nextBytes(junk); out.write(junk, 0, len); out.write(seed, from, len); }
        }
        out.write(seed, from + len, seed.length - from - len);
        return out.toByteArray();
    }

    /**
     * Overwrites the name bytes of local and central headers with bytes that are not UTF-8 (or not names at all),
     * sometimes also setting the flag that says they are UTF-8.
     */
    private byte[] corruptNames(byte[] seed) {
        byte[] b = seed.clone();
        boolean flagUtf8 = random.nextBoolean();
        for (int i = 0; i + 46 < b.length; i++) {
            boolean local = b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4;
            boolean central = b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2;
            if (!local && !central) {
                continue;
            }
            int flags = local ? 6 : 8;
            int nameLength = u16(b, local ? 26 + i : 28 + i);
            int name = i + (local ? 30 : 46);
            if (flagUtf8) {
                b[i + flags + 1] |= 0x08;
            }
            for (int k = 0; k < nameLength && name + k < b.length; k++) {
                if (random.nextInt(3) == 0) {
                    b[name + k] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
                }
            }
        }
        return b;
    }

    private static int u16(byte[] b, int at) {
        return at + 1 < b.length ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 : 0;
    }

    private static final String[] TOKENS = { "null", "{", "}", "[", "]", "\"", ",", ":", "1e99999", "-", "\\u0000",
            "\\ud800", "99999999999999999999999", "true", "\"+999999999-12-31T23:59:59Z\"", "\\", "\u0000", "\uFFFF",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "\"schemaVersion\":", "0x1F", "NaN", "/*", "é" };

    private byte[] insertToken(byte[] seed) {
        String text = new String(seed, StandardCharsets.UTF_8);
        int at = random.nextInt(text.length());
        return (text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    private final List<Supplier<JsonNode>> values = List.of(
            () -> JsonNodeFactory.instance.nullNode(),
            () -> JsonNodeFactory.instance.textNode(""),
            () -> JsonNodeFactory.instance.textNode("x".repeat(1 + random.nextInt(300))),
            () -> JsonNodeFactory.instance.textNode("y".repeat(100_001)),
            () -> JsonNodeFactory.instance.textNode("a\u0000b\u0001c\nd\ud800e"),
            () -> JsonNodeFactory.instance.textNode("builtin:nope"),
            () -> JsonNodeFactory.instance.textNode("nope:nope"),
            () -> JsonNodeFactory.instance.textNode("2025-01-01T00:00:00Z"),
            () -> JsonNodeFactory.instance.textNode("+999999999-12-31T23:59:59Z"),
            () -> JsonNodeFactory.instance.textNode("-999999999-01-01T00:00:00Z"),
            () -> JsonNodeFactory.instance.textNode("0000-01-01T00:00:00Z"),
            () -> JsonNodeFactory.instance.textNode("2025-02-30"),
            () -> JsonNodeFactory.instance.numberNode(-1),
            () -> JsonNodeFactory.instance.numberNode(0),
            () -> JsonNodeFactory.instance.numberNode(Long.MAX_VALUE),
            () -> JsonNodeFactory.instance.numberNode(Integer.MIN_VALUE),
            () -> JsonNodeFactory.instance.numberNode(1e308),
            () -> JsonNodeFactory.instance.numberNode(-0.5),
            () -> JsonNodeFactory.instance.numberNode(new java.math.BigInteger("9".repeat(40))),
            () -> JsonNodeFactory.instance.booleanNode(random.nextBoolean()),
            () -> JsonNodeFactory.instance.arrayNode(),
            () -> JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.nullNode()),
            () -> JsonNodeFactory.instance.objectNode(),
            () -> JsonNodeFactory.instance.objectNode().put("score", 5).put("label", "x"));

    /** Replaces one value somewhere in the tree (or removes it) with a value of another kind. */
    private byte[] replaceValue(byte[] seed) {
        try {
            JsonNode root = fx.exports.json.readTree(seed);
            List<JsonNode[]> slots = new ArrayList<>(); // {parent, key-as-text-node or index}
            collect(root, slots);
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                JsonNode[] slot = slots.get(random.nextInt(slots.size()));
                JsonNode value = values.get(random.nextInt(values.size())).get();
                if (slot[0] instanceof ObjectNode o) {
                    if (random.nextInt(5) == 0) {
                        o.remove(slot[1].asText());
                    } else {
                        o.set(slot[1].asText(), value);
                    }
                } else if (slot[0] instanceof ArrayNode a && slot[1].asInt() < a.size()) {
                    a.set(slot[1].asInt(), value);
                }
            }
            return fx.exports.json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void collect(JsonNode node, List<JsonNode[]> slots) {
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(f -> {
                slots.add(new JsonNode[] { o, JsonNodeFactory.instance.textNode(f) });
                collect(o.get(f), slots);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new JsonNode[] { a, JsonNodeFactory.instance.numberNode(i) });
                collect(a.get(i), slots);
            }
        }
    }

    // ---- zips ----------------------------------------------------------------------------------------------

    /** A zip of name, bytes, name, bytes, ... */
    static byte[] zip(Object... nameThenBytes) throws IOException {
        return zip(StandardCharsets.UTF_8, nameThenBytes);
    }

    static byte[] zip(java.nio.charset.Charset names, Object... nameThenBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, names)) {
            for (int i = 0; i < nameThenBytes.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) nameThenBytes[i]));
                zip.write((byte[]) nameThenBytes[i + 1]);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** One STORED (uncompressed) entry: its sizes sit in the local header, which the mutations then corrupt. */
    private static byte[] storedZip(String name, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry e = new ZipEntry(name);
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            zip.write(data);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
