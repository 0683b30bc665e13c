package io.pauz.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipFile;

import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options for a framework with exactly the bundles {@code runtime/target/pauz.jar} ships, at
 * the start levels and with the framework properties its launcher uses. Each test class gets its own
 * port, data, config and deploy folders; the configuration files are the repository's config/ files
 * with the test's folders in place of the environment defaults.
 */
public final class PauzOptions {
    public static final String ADMIN_TOKEN = "test-admin-token";
    private static Map<String, Integer> bundles;
    private static Properties launcher;

    private PauzOptions() {
    }

    /**
     * Runner side: options for one test class. {@code workDir} holds its config, data and deploy folders.
     *
     * @param overrides {@code "<pid>:<key>=<value>"} entries replacing keys of the config files
     */
    public static Option[] runtime(Path workDir, String... overrides) {
        try {
            int port = freePort();
            Path config = Files.createDirectories(workDir.resolve("config"));
            Path data = Files.createDirectories(workDir.resolve("data"));
            Path deploy = Files.createDirectories(workDir.resolve("deploy"));
            writeConfig(config, data, deploy);
            // The speech model (150 MB, seconds of CPU) loads on first use in tests, not at every boot.
            List<String> all = new ArrayList<>(List.of("io.pauz.speech.sphinx4:preload=false"));
            all.addAll(List.of(overrides));
            for (String override : all) {
                int colon = override.indexOf(':');
                int equals = override.indexOf('=');
                Path file = config.resolve(override.substring(0, colon) + ".cfg");
                String key = override.substring(colon + 1, equals);
                String text = Files.exists(file) ? Files.readString(file) : "";
                String line = key + "=" + override.substring(equals + 1);
                String pattern = "(?m)^" + java.util.regex.Pattern.quote(key) + "=.*$";
                text = java.util.regex.Pattern.compile(pattern).matcher(text).find()
                        ? text.replaceAll(pattern, java.util.regex.Matcher.quoteReplacement(line))
                        : text + "\n" + line + "\n";
                Files.writeString(file, text);
            }

            List<Option> options = new ArrayList<>();
            options.add(cleanCaches(true));
            options.add(junitBundles());
            options.add(frameworkStartLevel(Integer.parseInt(
                    launcher().getProperty("org.osgi.framework.startlevel.beginning", "100"))));
            options.add(systemProperty("pax.exam.osgi.unresolved.fail").value("true"));
            for (String key : launcher().stringPropertyNames()) {
                if (!key.startsWith("launch.") && !key.startsWith("felix.fileinstall.dir")) {
                    options.add(frameworkProperty(key).value(launcher().getProperty(key)));
                }
            }
            options.add(frameworkProperty("felix.fileinstall.dir").value(config.toString()));
            options.add(frameworkProperty("felix.fileinstall.poll").value("250"));
            options.add(frameworkProperty("org.apache.felix.http.enable").value("true"));
            options.add(frameworkProperty("org.osgi.service.http.port").value(String.valueOf(port)));
            options.add(frameworkProperty("pauz.test.work").value(workDir.toString()));
            for (Map.Entry<String, Integer> b : bundles().entrySet()) {
                options.add(bundle("reference:" + Path.of(b.getKey()).toUri()).startLevel(b.getValue())
                        .start(!isFragment(Path.of(b.getKey()))));
            }
            return options.toArray(new Option[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's config/ files, pointed at this test's folders. */
    static void writeConfig(Path config, Path data, Path deploy) throws IOException {
        Path repoConfig = repoRoot().resolve("config");
        try (var files = Files.list(repoConfig)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("org.apache.felix.http.cfg")) {
                    continue; // the port comes from a framework property, one free port per class
                }
                String text = Files.readString(file)
                        .replace("${env:PAUZ_DATA:-./data}", data.toString())
                        .replace("${env:PAUZ_DEPLOY:-deploy}", deploy.toString())
                        .replace("${env:PAUZ_ADMIN_TOKEN:-}", ADMIN_TOKEN);
                Files.writeString(config.resolve(name), text);
            }
        }
    }

    public static Path repoRoot() {
        return Path.of(System.getProperty("pauz.repo.root", "../..")).toAbsolutePath().normalize();
    }

    public static Path pauzJar() {
        return Path.of(System.getProperty("pauz.jar", repoRoot().resolve("runtime/target/pauz.jar").toString()));
    }

    static synchronized Properties launcher() throws IOException {
        if (launcher == null) {
            try (ZipFile zip = new ZipFile(pauzJar().toFile()); InputStream in = zip.getInputStream(zip.getEntry("launcher.properties"))) {
                launcher = new Properties();
                launcher.load(in);
            }
        }
        return launcher;
    }

    /** The jars pauz.jar embeds, extracted once per JVM, with their start levels, in launch order. */
    static synchronized Map<String, Integer> bundles() throws IOException {
        if (bundles != null) {
            return bundles;
        }
        Properties props = launcher();
        String[] jars = props.getProperty("launch.bundles").split(",");
        String[] attrs = props.getProperty("launch.runbundles.attrs").split(",");
        Path dir = Files.createDirectories(Path.of("target", "runtime-bundles"));
        Map<String, Integer> result = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(pauzJar().toFile())) {
            for (int i = 0; i < jars.length; i++) {
                Path target = dir.resolve(Path.of(jars[i]).getFileName().toString()).toAbsolutePath();
                try (InputStream in = zip.getInputStream(zip.getEntry(jars[i]))) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                result.put(target.toString(), startLevel(attrs[i]));
            }
        }
        bundles = result;
        return bundles;
    }

    private static int startLevel(String attrs) {
        for (String part : attrs.split(";")) {
            if (part.startsWith("startlevel=")) {
                return Integer.parseInt(part.substring("startlevel=".length()));
            }
        }
        return 1;
    }

    private static boolean isFragment(Path jar) throws IOException {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
