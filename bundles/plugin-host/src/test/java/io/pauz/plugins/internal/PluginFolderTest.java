package io.pauz.plugins.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.Felix;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.pauz.api.garden.GardenTheme;
import io.pauz.api.garden.Season;
import io.pauz.api.prompt.PromptPack;

/** The plugins folder against a real Felix service registry and real plugin jars compiled by the test. */
public class PluginFolderTest {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Felix felix;
    private BundleContext context;
    private Path work;
    private Path dir;
    private PluginFolder folder;

    @Before
    public void start() throws Exception {
        work = temp.newFolder("work").toPath();
        dir = temp.newFolder("plugins").toPath();
        felix = new Felix(Map.of(Constants.FRAMEWORK_STORAGE, temp.newFolder("felix").getAbsolutePath(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        felix.start();
        context = felix.getBundleContext();
        folder = new PluginFolder(context, dir, "0.1.0");
    }

    @After
    public void stop() throws Exception {
        folder.close();
        felix.stop();
        felix.waitForStop(10_000);
    }

    /** Two looks: the first sees the jar, the second finds it unchanged and acts. */
    private void settle() {
        folder.scan();
        folder.scan();
    }

    private PromptPack pack(String id) throws Exception {
        var refs = context.getServiceReferences(PromptPack.class, "(" + PromptPack.ID_PROPERTY + "=" + id + ")");
        return refs.isEmpty() ? null : context.getService(refs.iterator().next());
    }

    private LoadedPlugin plugin(String file) {
        return folder.plugins().stream().filter(p -> p.file.getFileName().toString().equals(file)).findFirst().orElseThrow();
    }

    @Test
    public void promptPackPluginBecomesAServiceIsReplacedAndRemoved() throws Exception {
        Path jar = PluginJars.promptPack(work, "sea-pack", "1.0.0", PluginJars.packJson("sea", "waves", "Waves"))
                .write(dir.resolve("sea.jar"));
        folder.scan();
        assertNull("a jar is taken only once it is unchanged on a second look", pack("sea"));
        folder.scan();

        PromptPack sea = pack("sea");
        assertNotNull(sea);
        assertEquals("Waves", sea.topics().get(0).title());
        assertEquals(1, sea.prompts("waves").size());
        ServiceReference<PromptPack> ref = context.getServiceReferences(PromptPack.class, "(pauz.prompt.pack=sea)").iterator().next();
        assertEquals("sea-pack", ref.getProperty(PluginFolder.PLUGIN_ID));
        assertEquals("1.0.0", ref.getProperty(PluginFolder.PLUGIN_VERSION));
        assertEquals(PluginFolder.RANKING, ref.getProperty(Constants.SERVICE_RANKING));
        assertEquals(LoadedPlugin.State.ACTIVE, plugin("sea.jar").state());
        assertEquals(List.of("PromptPack"), plugin("sea.jar").services.stream().map(LoadedPlugin.Provided::type).toList());

        PluginJars.promptPack(work, "sea-pack", "1.1.0", PluginJars.packJson("sea", "tides", "Tides")).write(jar);
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        settle();
        PromptPack updated = pack("sea");
        assertEquals("tides", updated.topics().get(0).id());
        assertEquals("1.1.0", context.getServiceReferences(PromptPack.class, "(pauz.prompt.pack=sea)").iterator().next()
                .getProperty(PluginFolder.PLUGIN_VERSION));
        assertEquals(1, context.getServiceReferences(PromptPack.class, null).size());
        // The old service object is detached from its unloaded plugin.
        assertThrows(PluginCallFailed.class, sea::topics);

        Files.delete(jar);
        folder.scan();
        assertNull(pack("sea"));
        assertTrue(folder.plugins().isEmpty());
        assertThrows(PluginCallFailed.class, updated::topics);
    }

    @Test
    public void unloadingReleasesTheJarFile() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        org.junit.Assume.assumeTrue("needs /proc (Linux)", Files.isDirectory(fds));
        Path jar = PluginJars.promptPack(work, "sea-pack", "1.0.0", PluginJars.packJson("sea", "waves", "Waves"))
                .write(dir.resolve("sea.jar"));
        settle();
        assertEquals(1, pack("sea").prompts("waves").size());
        Path real = jar.toRealPath();
        assertTrue("a loaded plugin's class loader holds its jar open", !openFiles(fds, real).isEmpty());
        Files.delete(jar);
        folder.scan();
        assertNull(pack("sea"));
        List<Path> open = openFiles(fds, real);
        assertTrue("jar still open: " + open, open.isEmpty());
    }

    private static List<Path> openFiles(Path fds, Path file) throws java.io.IOException {
        List<Path> open = new java.util.ArrayList<>();
        try (var links = Files.list(fds)) {
            for (Path fd : links.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.toString().startsWith(file.toString())) { // "(deleted)" is appended to removed files
                        open.add(target);
                    }
                } catch (java.io.IOException gone) {
                    // closed meanwhile
                }
            }
        }
        return open;
    }

    @Test
    public void gardenThemePluginBecomesAService() throws Exception {
        PluginJars.plugin(work, "dunes-theme", "2.0.0", "test.dunes.ThePlugin")
                .source("test.dunes.Theme", "package test.dunes; @org.pf4j.Extension public class Theme"
                        + " extends io.pauz.plugin.spi.JsonGardenTheme { public Theme() { super(\"/theme.json\"); } }")
                .resource("theme.json", PluginJars.themeJson("dunes")).write(dir.resolve("dunes.jar"));
        settle();
        var refs = context.getServiceReferences(GardenTheme.class, "(pauz.garden.theme=dunes)");
        assertEquals(1, refs.size());
        GardenTheme theme = context.getService(refs.iterator().next());
        assertEquals(2, theme.flowers().size());
        assertEquals("#ccc", theme.palette(Season.WINTER).accent());
        assertEquals("dunes-theme", refs.iterator().next().getProperty(PluginFolder.PLUGIN_ID));
    }

    @Test
    public void badJarsAreReportedAndNotLoaded() throws Exception {
        Files.write(dir.resolve("garbage.jar"), new byte[] { 1, 2, 3, 4, 5 });
        PluginJars.plugin(work, "x", "1.0.0", "test.x.P").manifest("Plugin-Class", null).write(dir.resolve("no-class.jar"));
        PluginJars.plugin(work, "y", "1.0.0", "test.y.P").manifest("Plugin-Class", "test.y.Missing").write(dir.resolve("class-missing.jar"));
        PluginJars.plugin(work, "z", "1.0.0", "test.z.P").write(dir.resolve("no-extensions.jar"));
        PluginJars.plugin(work, "old", "1.0.0", "test.old.P").manifest("Plugin-Requires", ">=9.0.0").write(dir.resolve("too-new.jar"));
        PluginJars none = new PluginJars(work);
        none.write(dir.resolve("no-manifest-attributes.jar"));
        PluginJars.promptPack(work, "good", "1.0.0", PluginJars.packJson("good", "fine", "Fine")).write(dir.resolve("good.jar"));
        settle();

        assertNotNull("a good plugin loads next to broken ones", pack("good"));
        assertError("garbage.jar", "not a readable jar");
        assertError("no-class.jar", "manifest has no Plugin-Class");
        assertError("class-missing.jar", "test.y.Missing");
        assertError("no-extensions.jar", "extensions.idx");
        assertError("too-new.jar", "requires PAUZ >=9.0.0");
        assertError("no-manifest-attributes.jar", "manifest has no Plugin-Id");
        assertEquals(LoadedPlugin.State.ACTIVE, plugin("good.jar").state());

        // Reported once, not retried on every look while the file stays the same.
        long errors = plugin("garbage.jar").errorCount();
        settle();
        assertEquals(errors, plugin("garbage.jar").errorCount());
    }

    private void assertError(String file, String fragment) {
        LoadedPlugin p = plugin(file);
        assertEquals(file, LoadedPlugin.State.FAILED, p.state());
        assertTrue(file + ": " + p.errors(), p.errors().stream().anyMatch(e -> e.message().contains(fragment)));
        assertTrue(p.services.isEmpty());
    }

    @Test
    public void failingPluginCodeIsCaughtCountedAndReported() throws Exception {
        PluginJars.plugin(work, "boom", "1.0.0", "test.boom.P")
                .source("test.boom.Pack", "package test.boom; import java.util.List; import io.pauz.api.prompt.*;"
                        + "@org.pf4j.Extension public class Pack implements io.pauz.plugin.spi.PromptPackExtension {"
                        + " public String id() { return \"boom\"; } public String name() { return \"Boom\"; }"
                        + " public List<Topic> topics() { throw new IllegalStateException(\"no topics today\"); }"
                        + " public List<Prompt> prompts(String t) { return null; } }")
                .write(dir.resolve("boom.jar"));
        PluginJars.plugin(work, "linkage", "1.0.0", "test.linkage.P")
                .source("test.linkage.Helper", "package test.linkage; class Helper { static String id() { return \"h\"; } }")
                .source("test.linkage.Pack", "package test.linkage; import java.util.List; import io.pauz.api.prompt.*;"
                        + "@org.pf4j.Extension public class Pack implements io.pauz.plugin.spi.PromptPackExtension {"
                        + " public String id() { return \"linkage\"; } public String name() { return Helper.id(); }"
                        + " public List<Topic> topics() { return List.of(); } public List<Prompt> prompts(String t) { return List.of(); } }")
                .leaveOut("test.linkage.Helper")
                .write(dir.resolve("linkage.jar"));
        PluginJars.plugin(work, "ctor", "1.0.0", "test.ctor.P")
                .source("test.ctor.Pack", "package test.ctor; @org.pf4j.Extension public class Pack extends io.pauz.plugin.spi.JsonPromptPack {"
                        + " public Pack() { super(\"/nowhere.json\"); } }")
                .write(dir.resolve("ctor.jar"));
        settle();

        PromptPack boom = pack("boom");
        assertEquals("Boom", boom.name());
        PluginCallFailed failed = assertThrows(PluginCallFailed.class, boom::topics);
        assertTrue(failed.getMessage().contains("no topics today"));
        assertThrows(PluginCallFailed.class, () -> boom.prompts("x"));
        LoadedPlugin p = plugin("boom.jar");
        assertEquals(LoadedPlugin.State.FAILING, p.state());
        assertEquals(2, p.errorCount());
        assertTrue(p.errors().get(1).message().contains("returned null"));

        PromptPack linkage = pack("linkage");
        PluginCallFailed missing = assertThrows(PluginCallFailed.class, linkage::name);
        assertTrue(missing.getMessage(), missing.getMessage().contains("NoClassDefFoundError"));
        assertEquals(LoadedPlugin.State.FAILING, plugin("linkage.jar").state());

        assertEquals(LoadedPlugin.State.FAILED, plugin("ctor.jar").state());
        assertTrue(plugin("ctor.jar").errors().toString(), plugin("ctor.jar").errors().get(0).message().contains("/nowhere.json"));
    }

    @Test
    public void aSecondJarWithTheSameIdWaitsForTheFirstToGo() throws Exception {
        Path v1 = PluginJars.promptPack(work, "sea-pack", "1.0.0", PluginJars.packJson("sea", "waves", "Waves"))
                .write(dir.resolve("sea-1.0.0.jar"));
        settle();
        PluginJars.promptPack(work, "sea-pack", "1.1.0", PluginJars.packJson("sea", "tides", "Tides"))
                .write(dir.resolve("sea-1.1.0.jar"));
        settle();
        assertEquals(LoadedPlugin.State.FAILED, plugin("sea-1.1.0.jar").state());
        assertEquals("waves", pack("sea").topics().get(0).id());
        Files.delete(v1);
        folder.scan();
        assertEquals(LoadedPlugin.State.ACTIVE, plugin("sea-1.1.0.jar").state());
        assertEquals("tides", pack("sea").topics().get(0).id());
    }

    @Test
    public void aMissingFolderIsEmptyAndClosingUnloadsEverything() throws Exception {
        PluginFolder elsewhere = new PluginFolder(context, dir.resolve("not-there"), "0.1.0");
        elsewhere.scan();
        assertTrue(elsewhere.plugins().isEmpty());
        PluginJars.promptPack(work, "sea-pack", "1.0.0", PluginJars.packJson("sea", "waves", "Waves")).write(dir.resolve("sea.jar"));
        settle();
        assertNotNull(pack("sea"));
        folder.close();
        assertNull(pack("sea"));
    }
}
