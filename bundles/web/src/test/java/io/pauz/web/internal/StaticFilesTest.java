package io.pauz.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The serving rules over a real folder laid out like the bundle's static/ (file: URLs as bundle entries). */
public class StaticFilesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private Path root;
    private StaticFiles files;

    @Before
    public void layout() throws IOException {
        root = tmp.getRoot().toPath();
        write("static/index.html", "<!doctype html><title>PAUZ</title>");
        write("static/index.html.gz", "gzipped-index");
        write("static/assets/app-ABC123.js", "console.log(1)");
        write("static/assets/app-ABC123.js.gz", "gz");
        write("static/assets/app-ABC123.css", "body{}");
        write("static/favicon.svg", "<svg/>");
        write("static/.hidden", "secret");
        write("secret.txt", "outside static");
        files = new StaticFiles(this::entry, 0x1234L, 600, true);
    }

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** Bundle.getEntry semantics: null when absent, a URL ending in / for folders. */
    private URL entry(String path) {
        Path p = root.resolve(path);
        try {
            return Files.exists(p) ? p.toUri().toURL() : null;
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void rootServesIndexUncached() throws IOException {
        StaticFiles.Hit hit = files.resolve("/", false).orElseThrow();
        assertEquals("index.html", hit.path());
        assertEquals("text/html;charset=utf-8", hit.contentType());
        assertEquals("no-cache", hit.cacheControl());
        assertFalse(hit.gzip());
        assertTrue(read(hit.file()).contains("PAUZ"));
    }

    @Test
    public void hashedAssetsAreImmutableAndGzippedWhenAccepted() throws IOException {
        StaticFiles.Hit gz = files.resolve("/assets/app-ABC123.js", true).orElseThrow();
        assertTrue(gz.gzip());
        assertEquals("gz", read(gz.file()));
        assertEquals("text/javascript;charset=utf-8", gz.contentType());
        assertEquals(StaticFiles.IMMUTABLE, gz.cacheControl());
        StaticFiles.Hit plain = files.resolve("/assets/app-ABC123.js", false).orElseThrow();
        assertFalse(plain.gzip());
        assertEquals("console.log(1)", read(plain.file()));
        assertNotEquals("the two encodings need different ETags", gz.etag(), plain.etag());
        // No .gz next to it: the plain file even when gzip is accepted.
        assertFalse(files.resolve("/assets/app-ABC123.css", true).orElseThrow().gzip());
        assertEquals("text/css;charset=utf-8", files.resolve("/assets/app-ABC123.css", true).orElseThrow().contentType());
    }

    @Test
    public void otherFilesUseTheConfiguredMaxAge() {
        StaticFiles.Hit hit = files.resolve("/favicon.svg", false).orElseThrow();
        assertEquals("image/svg+xml", hit.contentType());
        assertEquals("public, max-age=600", hit.cacheControl());
    }

    @Test
    public void clientRoutesFallBackToIndex() {
        assertEquals("index.html", files.resolve("/entries", false).orElseThrow().path());
        assertEquals("index.html", files.resolve("/guided/3f02ecc6-c3e6", false).orElseThrow().path());
        assertEquals("index.html", files.resolve("/garden/", false).orElseThrow().path());
    }

    @Test
    public void missingFilesWithAnExtensionAre404() {
        assertTrue(files.resolve("/assets/app-OLD.js", false).isEmpty());
        assertTrue(files.resolve("/robots.txt", false).isEmpty());
    }

    @Test
    public void apiPathsAreNeverAnsweredWithTheApp() {
        assertTrue(files.resolve("/api", false).isEmpty());
        assertTrue(files.resolve("/api/v2/journal", false).isEmpty());
        assertTrue(files.resolve("/api/v1/unknown", false).isEmpty());
    }

    @Test
    public void pathsCannotLeaveTheStaticFolder() {
        assertTrue(files.resolve("/../secret.txt", false).isEmpty());
        assertTrue(files.resolve("/assets/../../secret.txt", false).isEmpty());
        assertTrue(files.resolve("/.hidden", false).isEmpty());
        assertTrue(files.resolve("/a\\..\\secret.txt", false).isEmpty());
        assertTrue(files.resolve("//etc/passwd", false).isEmpty());
        assertNull(StaticFiles.normalise("/x/../y"));
    }

    @Test
    public void foldersAreNotServed() {
        assertTrue(files.resolve("/assets", false).map(h -> h.path().equals("index.html")).orElse(false));
    }

    @Test
    public void withoutFallbackUnknownRoutesAre404() {
        StaticFiles strict = new StaticFiles(this::entry, 1L, 0, false);
        assertTrue(strict.resolve("/entries", false).isEmpty());
        assertTrue(strict.resolve("/", false).isPresent());
    }
}
