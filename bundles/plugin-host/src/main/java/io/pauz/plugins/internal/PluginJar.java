package io.pauz.plugins.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** What a plugin jar says about itself, checked before PF4J gets it so that a bad jar is named precisely. */
record PluginJar(String id, String version, String pluginClass, String provider, String description, String requires) {

    static final class BadJar extends Exception {
        private static final long serialVersionUID = 1L;

        BadJar(String message) {
            super(message);
        }
    }

    static PluginJar read(Path file) throws BadJar {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            throw new BadJar("not a readable jar: " + e.getMessage());
        }
        if (manifest == null) {
            throw new BadJar("no META-INF/MANIFEST.MF");
        }
        Attributes a = manifest.getMainAttributes();
        String id = required(a, "Plugin-Id");
        String version = required(a, "Plugin-Version");
        String pluginClass = required(a, "Plugin-Class");
        return new PluginJar(id, version, pluginClass, a.getValue("Plugin-Provider"), a.getValue("Plugin-Description"),
                a.getValue("Plugin-Requires"));
    }

    private static String required(Attributes a, String name) throws BadJar {
        String value = a.getValue(name);
        if (value == null || value.isBlank()) {
            throw new BadJar("manifest has no " + name);
        }
        return value.strip();
    }
}
