package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.garden.GardenTheme;
import io.pauz.api.prompt.PromptPack;

/**
 * PF4J plugins in the real runtime: the example plugin jars dropped into the plugins folder become the same prompt
 * pack and garden theme services a bundle provides (and show in guided topics and garden themes), a replaced jar
 * serves its new content, a deleted one is gone; a broken jar and a plugin whose code throws are reported in
 * /admin/plugins and make health DEGRADED, never DOWN, while every other endpoint keeps working.
 */
public class PluginsIT extends PauzTestBase {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Configuration
    public Option[] config() throws Exception {
        Path work = newWorkDir(PluginsIT.class);
        writeFixtures(Files.createDirectories(work.resolve("fixtures")));
        return PauzOptions.runtime(work, "io.pauz.accounts:password.iterations=20000",
                "io.pauz.plugins:dir=" + work.resolve("plugins"), "io.pauz.plugins:poll.millis=200");
    }

    private Path plugins() throws IOException {
        return Files.createDirectories(workDir().resolve("plugins"));
    }

    private Path fixture(String name) {
        return workDir().resolve("fixtures").resolve(name);
    }

    /** As an operator should: copy next to the folder's jars under a hidden name, then rename into place. */
    private void drop(String fixture, String as) throws IOException {
        Path temp = plugins().resolve("." + as + ".part");
        Files.copy(fixture(fixture), temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, plugins().resolve(as), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String[] signUp() {
        Http.Reply r = http.post("auth/local/register", "application/json", "{\"email\":\"p" + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.org\",\"password\":\"correct horse\",\"name\":\"P\"}");
        assertEquals(r.body(), 201, r.status());
        return new String[] { "Authorization", "Bearer " + r.json().path("token").asText() };
    }

    private <T> Collection<ServiceReference<T>> refs(Class<T> type, String filter) throws Exception {
        return context.getServiceReferences(type, filter);
    }

    private void awaitGone(Class<?> type, String filter) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!refs(type, filter).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue("still registered: " + filter, refs(type, filter).isEmpty());
    }

    private JsonNode plugin(JsonNode listing, String file) {
        for (JsonNode p : listing.path("plugins")) {
            if (p.path("file").asText().equals(file)) {
                return p;
            }
        }
        return null;
    }

    /** GET /garden/themes comes with the garden bundle; when the runtime has it, the plugin's theme must be listed. */
    private boolean gardenBundleActive() {
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if ("io.pauz.garden".equals(b.getSymbolicName()) && b.getState() == org.osgi.framework.Bundle.ACTIVE) {
                return true;
            }
        }
        return false;
    }

    @Test
    public void pluginJarsBecomeServicesAreReplacedAndRemoved() throws Exception {
        String[] a = signUp();

        long t0 = System.nanoTime();
        drop("nature-1.0.0.jar", "nature.jar");
        PromptPack pack = service(PromptPack.class, "(&(pauz.prompt.pack=nature)(pauz.plugin.version=1.0.0))", 30);
        long added = System.nanoTime() - t0;
        assertEquals("A walk in the woods", pack.topics().get(0).title());
        ServiceReference<PromptPack> ref = refs(PromptPack.class, "(pauz.prompt.pack=nature)").iterator().next();
        assertEquals("nature-prompts", ref.getProperty("pauz.plugin.id"));
        assertTrue("plugins rank below built-ins", (Integer) ref.getProperty("service.ranking") < 0);
        Http.Reply topics = http.await("guided/topics", r -> r.body().contains("\"nature:forest\""), WAIT, a);
        assertTrue(topics.body(), topics.body().contains("\"nature:sky\"") && topics.body().contains("builtin:anxiety"));

        // A guided session runs on the plugin's prompts like on any pack's.
        Http.Reply started = http.post("guided/sessions", "application/json", "{\"topic\":\"nature:forest\"}", a);
        assertEquals(started.body(), 201, started.status());
        assertTrue(started.body(), started.json().path("currentPrompt").path("id").asText().startsWith("forest-"));

        drop("ocean-1.0.0.jar", "ocean.jar");
        GardenTheme theme = service(GardenTheme.class, "(pauz.garden.theme=ocean)", 30);
        assertEquals(5, theme.flowers().size());
        if (gardenBundleActive()) {
            Http.Reply themes = http.await("garden/themes", r -> r.body().contains("\"ocean\""), WAIT, a);
            assertTrue(themes.body(), themes.body().contains("\"id\":\"ocean\""));
        } else {
            System.out.println("PluginsIT: no garden bundle in this runtime; GardenTheme checked in the service registry only");
        }

        Http.Reply listing = http.await("admin/plugins", r -> r.status() == 200 && r.body().contains("ocean.jar"), WAIT, Http.admin());
        assertEquals(listing.body(), 200, listing.status());
        JsonNode nature = plugin(listing.json(), "nature.jar");
        assertEquals("nature-prompts", nature.path("id").asText());
        assertEquals("1.0.0", nature.path("version").asText());
        assertEquals("ACTIVE", nature.path("state").asText());
        assertEquals("PromptPack", nature.path("services").get(0).path("type").asText());
        assertEquals("nature", nature.path("services").get(0).path("id").asText());
        assertEquals("GardenTheme", plugin(listing.json(), "ocean.jar").path("services").get(0).path("type").asText());
        int userStatus = http.get("admin/plugins", a).status();
        assertTrue("the admin token guards the listing: " + userStatus, userStatus == 401 || userStatus == 403);

        // Update: the same file name, new version and content.
        t0 = System.nanoTime();
        drop("nature-1.1.0.jar", "nature.jar");
        PromptPack updated = service(PromptPack.class, "(&(pauz.prompt.pack=nature)(pauz.plugin.version=1.1.0))", 30);
        long replaced = System.nanoTime() - t0;
        assertEquals("woodland", updated.topics().get(0).id());
        awaitGone(PromptPack.class, "(&(pauz.prompt.pack=nature)(pauz.plugin.version=1.0.0))");
        topics = http.await("guided/topics", r -> r.body().contains("\"nature:woodland\""), WAIT, a);
        assertFalse(topics.body(), topics.body().contains("\"nature:forest\""));
        assertEquals(1, refs(PromptPack.class, "(pauz.prompt.pack=nature)").size());

        // Removal.
        t0 = System.nanoTime();
        Files.delete(plugins().resolve("nature.jar"));
        Files.delete(plugins().resolve("ocean.jar"));
        awaitGone(PromptPack.class, "(pauz.prompt.pack=nature)");
        long removed = System.nanoTime() - t0;
        // Figures only (poll.millis=200; a jar is taken on the second look), not assertions.
        System.out.printf("PluginsIT: jar dropped -> service %d ms, replaced -> new service %d ms, deleted -> gone %d ms%n",
                added / 1_000_000, replaced / 1_000_000, removed / 1_000_000);
        awaitGone(GardenTheme.class, "(pauz.garden.theme=ocean)");
        topics = http.await("guided/topics", r -> !r.body().contains("nature:"), WAIT, a);
        assertFalse(topics.body(), topics.body().contains("nature:"));
        assertTrue(topics.body(), topics.body().contains("builtin:anxiety"));
        if (gardenBundleActive()) {
            Http.Reply themes = http.await("garden/themes", r -> !r.body().contains("\"ocean\""), WAIT, a);
            assertFalse(themes.body(), themes.body().contains("\"ocean\""));
        }
        listing = http.await("admin/plugins", r -> r.json().path("plugins").size() == 0, WAIT, Http.admin());
        assertEquals(listing.body(), 0, listing.json().path("plugins").size());
    }

    @Test
    public void brokenPluginsAreReportedAndNeverTakeThePlatformDown() throws Exception {
        String[] a = signUp();
        drop("garbage.jar", "garbage.jar");
        drop("boom-1.0.0.jar", "boom.jar");
        drop("nature-1.0.0.jar", "nature.jar");

        service(PromptPack.class, "(pauz.prompt.pack=boom)", 30);
        service(PromptPack.class, "(pauz.prompt.pack=nature)", 30);
        // The failing pack hides only itself: the others' topics are listed.
        Http.Reply topics = http.await("guided/topics", r -> r.body().contains("\"nature:forest\""), WAIT, a);
        assertEquals(topics.body(), 200, topics.status());
        assertTrue(topics.body(), topics.body().contains("builtin:anxiety"));
        assertFalse(topics.body(), topics.body().contains("boom:"));

        Http.Reply listing = http.await("admin/plugins", r -> r.body().contains("garbage.jar")
                && r.body().contains("\"FAILING\""), WAIT, Http.admin());
        JsonNode garbage = plugin(listing.json(), "garbage.jar");
        assertEquals(listing.body(), "FAILED", garbage.path("state").asText());
        assertTrue(garbage.toString(), garbage.path("errors").get(0).path("message").asText().contains("not a readable jar"));
        assertFalse(garbage.path("errors").get(0).path("time").asText().isEmpty());
        JsonNode boom = plugin(listing.json(), "boom.jar");
        assertEquals("FAILING", boom.path("state").asText());
        assertTrue(boom.toString(), boom.path("errors").toString().contains("no topics today"));
        assertEquals("ACTIVE", plugin(listing.json(), "nature.jar").path("state").asText());

        Http.Reply health = http.await("health", r -> r.body().contains("\"DEGRADED\""), WAIT);
        assertEquals("broken plugins degrade the platform, they do not take it down", 200, health.status());
        assertEquals("DEGRADED", health.json().path("status").asText());
        JsonNode check = null;
        for (JsonNode c : health.json().path("checks")) {
            if (c.path("name").asText().equals("plugins")) {
                check = c;
            }
        }
        assertEquals(health.body(), "DEGRADED", check.path("state").asText());
        assertTrue(check.path("message").asText(), check.path("message").asText().contains("boom")
                && check.path("message").asText().contains("garbage.jar"));

        // Everything else keeps serving.
        assertEquals(200, http.get("guided/topics", a).status());
        assertEquals(200, http.get("me", a).status());
        assertEquals(201, http.post("guided/sessions", "application/json", "{\"topic\":\"nature:sky\"}", a).status());

        // Removing the broken jars brings health back to UP.
        Files.delete(plugins().resolve("garbage.jar"));
        Files.delete(plugins().resolve("boom.jar"));
        Files.delete(plugins().resolve("nature.jar"));
        awaitGone(PromptPack.class, "(pauz.plugin.id=*)");
        health = http.await("health", r -> r.body().startsWith("{\"status\":\"UP\""), WAIT);
        assertTrue(health.body(), health.body().startsWith("{\"status\":\"UP\""));
    }

    // ---- runner side: the plugin jars the tests drop ----

    /** Example jars as built by the reactor, an updated copy, a plugin whose code throws, and garbage. */
    static void writeFixtures(Path dir) throws Exception {
        Path nature = exampleJar(com.example.pauz.nature.NaturePromptPack.class, "prompt-pack-plugin");
        Files.copy(nature, dir.resolve("nature-1.0.0.jar"), StandardCopyOption.REPLACE_EXISTING);
        rewrite(nature, dir.resolve("nature-1.1.0.jar"), "1.1.0", "nature-pack.json",
                json -> json.replace("\"id\": \"forest\"", "\"id\": \"woodland\"").replace("forest-0", "woodland-0"));
        Files.copy(exampleJar(com.example.pauz.ocean.OceanTheme.class, "garden-theme-plugin"), dir.resolve("ocean-1.0.0.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.write(dir.resolve("garbage.jar"), "this is not a zip file".getBytes(StandardCharsets.UTF_8));
        boomPlugin(dir.resolve("boom-1.0.0.jar"));
    }

    /** The example plugin's jar: its artifact on the test class path, or the jar its module built next to its classes. */
    private static Path exampleJar(Class<?> type, String artifactId) throws Exception {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(location)) {
            return location;
        }
        try (Stream<Path> jars = Files.list(location.getParent())) {
            return jars.filter(p -> p.getFileName().toString().startsWith(artifactId) && p.toString().endsWith(".jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("build examples/" + artifactId + " first"));
        }
    }

    /** A copy of a plugin jar with another Plugin-Version and one resource edited. */
    private static void rewrite(Path from, Path to, String version, String resource,
            java.util.function.UnaryOperator<String> edit) throws IOException {
        try (JarFile in = new JarFile(from.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Plugin-Version", version);
            try (OutputStream os = Files.newOutputStream(to); JarOutputStream out = new JarOutputStream(os, manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream data = in.getInputStream(e)) {
                        byte[] bytes = data.readAllBytes();
                        if (e.getName().equals(resource)) {
                            bytes = edit.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                        }
                        out.write(bytes);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    /** A prompt pack plugin whose topics() throws, compiled with PF4J's annotation processor like any plugin. */
    private static void boomPlugin(Path jar) throws Exception {
        Path work = Files.createTempDirectory(jar.getParent(), "boom");
        Path src = Files.createDirectories(work.resolve("src/test/boom"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        Files.writeString(src.resolve("BoomPlugin.java"), "package test.boom; public class BoomPlugin extends org.pf4j.Plugin {}");
        Files.writeString(src.resolve("BoomPack.java"), "package test.boom; import java.util.List; import io.pauz.api.prompt.*;\n"
                + "@org.pf4j.Extension public class BoomPack implements io.pauz.plugin.spi.PromptPackExtension {\n"
                + "  public String id() { return \"boom\"; }\n"
                + "  public String name() { return \"Boom\"; }\n"
                + "  public List<Topic> topics() { throw new IllegalStateException(\"no topics today\"); }\n"
                + "  public List<Prompt> prompts(String topicId) { return List.of(); }\n}");
        List<String> cp = new ArrayList<>();
        for (Class<?> c : List.of(PromptPack.class, io.pauz.plugin.spi.PromptPackExtension.class, org.pf4j.Plugin.class,
                org.osgi.annotation.versioning.ConsumerType.class)) {
            cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-classpath", String.join(File.pathSeparator, cp), "--release", "17",
                src.resolve("BoomPlugin.java").toString(), src.resolve("BoomPack.java").toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed for the boom plugin");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Plugin-Id", "boom");
        manifest.getMainAttributes().putValue("Plugin-Version", "1.0.0");
        manifest.getMainAttributes().putValue("Plugin-Class", "test.boom.BoomPlugin");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
    }
}
