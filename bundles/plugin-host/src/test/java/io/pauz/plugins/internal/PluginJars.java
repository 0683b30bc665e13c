package io.pauz.plugins.internal;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real PF4J plugin jars at test time: sources compiled by javac with PF4J's annotation processor (which writes
 * META-INF/extensions.idx), resources and a manifest, exactly what a plugin author's build produces.
 */
final class PluginJars {
    private final Path work;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<String> leaveOut = new ArrayList<>();

    PluginJars(Path work) {
        this.work = work;
    }

    static PluginJars plugin(Path work, String id, String version, String pluginClass) {
        PluginJars p = new PluginJars(work);
        p.manifest.put("Plugin-Id", id);
        p.manifest.put("Plugin-Version", version);
        p.manifest.put("Plugin-Provider", "Test");
        p.manifest.put("Plugin-Class", pluginClass);
        int dot = pluginClass.lastIndexOf('.');
        p.source(pluginClass, "package " + pluginClass.substring(0, dot) + "; public class " + pluginClass.substring(dot + 1)
                + " extends org.pf4j.Plugin {}");
        return p;
    }

    PluginJars source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    PluginJars resource(String name, String text) {
        resources.put(name, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PluginJars manifest(String key, String value) {
        if (value == null) {
            manifest.remove(key);
        } else {
            manifest.put(key, value);
        }
        return this;
    }

    /** Compiled but not packed, so the jar misses a class its code needs. */
    PluginJars leaveOut(String className) {
        leaveOut.add(className);
        return this;
    }

    Path write(Path jar) throws IOException {
        Path src = Files.createTempDirectory(work, "src");
        Path classes = Files.createTempDirectory(work, "classes");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file.toString());
        }
        if (!files.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classpath(), "--release", "17"));
            args.addAll(files);
            int rc = javac.run(null, null, null, args.toArray(new String[0]));
            if (rc != 0) {
                throw new IllegalStateException("javac failed: " + rc);
            }
        }
        for (String name : leaveOut) {
            Files.delete(classes.resolve(name.replace('.', '/') + ".class"));
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        Path temp = jar.resolveSibling("." + jar.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp); JarOutputStream jout = new JarOutputStream(out, mf);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                jout.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                jout.write(Files.readAllBytes(f));
                jout.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : resources.entrySet()) {
                jout.putNextEntry(new JarEntry(e.getKey()));
                jout.write(e.getValue());
                jout.closeEntry();
            }
        }
        // Appears complete, as a plugin should be dropped in (a copy in place is also handled, by size and time).
        Files.move(temp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }

    private static String classpath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(io.pauz.api.prompt.PromptPack.class, io.pauz.plugin.spi.PromptPackExtension.class,
                org.pf4j.Plugin.class, com.fasterxml.jackson.databind.ObjectMapper.class, org.osgi.annotation.versioning.ConsumerType.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A prompt pack plugin serving {@code json} through {@link io.pauz.plugin.spi.JsonPromptPack}. */
    static PluginJars promptPack(Path work, String pluginId, String version, String json) {
        return plugin(work, pluginId, version, "test." + javaName(pluginId) + ".ThePlugin")
                .source("test." + javaName(pluginId) + ".Pack", "package test." + javaName(pluginId) + ";"
                        + "@org.pf4j.Extension public class Pack extends io.pauz.plugin.spi.JsonPromptPack {"
                        + " public Pack() { super(\"/pack.json\"); } }")
                .resource("pack.json", json);
    }

    static String javaName(String id) {
        return id.replaceAll("[^A-Za-z0-9]", "_");
    }

    static String packJson(String packId, String topicId, String title) {
        return "{\"id\":\"" + packId + "\",\"name\":\"Pack " + packId + "\",\"topics\":[{\"id\":\"" + topicId
                + "\",\"title\":\"" + title + "\",\"description\":\"About " + title + "\",\"prompts\":["
                + "{\"id\":\"" + topicId + "-01\",\"stage\":\"OPENING\",\"text\":\"How was " + title + "?\",\"tags\":[\"day\"]}]}]}";
    }

    static String themeJson(String themeId) {
        return "{\"id\":\"" + themeId + "\",\"name\":\"Theme " + themeId + "\",\"description\":\"A test theme\",\"flowers\":["
                + "{\"kind\":\"low\",\"name\":\"Low\",\"meaning\":\"low days\",\"moodMin\":-1.0,\"moodMax\":0.0,"
                + "\"colors\":[\"#123456\"],\"centerColor\":\"#abc\",\"petals\":5,\"growthStages\":3},"
                + "{\"kind\":\"high\",\"name\":\"High\",\"meaning\":\"good days\",\"moodMin\":0.0,\"moodMax\":1.0,"
                + "\"colors\":[\"#fedcba\"],\"centerColor\":\"#cba\",\"petals\":8,\"growthStages\":4}],\"palettes\":["
                + "{\"season\":\"SPRING\",\"sky\":\"#aaa\",\"ground\":\"#bbb\",\"accent\":\"#ccc\"},"
                + "{\"season\":\"SUMMER\",\"sky\":\"#aaa\",\"ground\":\"#bbb\",\"accent\":\"#ccc\"},"
                + "{\"season\":\"AUTUMN\",\"sky\":\"#aaa\",\"ground\":\"#bbb\",\"accent\":\"#ccc\"},"
                + "{\"season\":\"WINTER\",\"sky\":\"#aaa\",\"ground\":\"#bbb\",\"accent\":\"#ccc\"}]}";
    }
}
