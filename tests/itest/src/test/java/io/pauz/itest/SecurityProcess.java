package io.pauz.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pauz.jar} as a process for the security and durability tests: on 127.0.0.1, its own data, deploy and
 * config folders (a copy of the repository's config/ with the test's overrides, so a test can change
 * configuration live without touching the repository), with the admin token set.
 */
final class SecurityProcess implements AutoCloseable {
    final Path work;
    final Path config;
    final int port;
    final Http http;
    private Process process;

    /** @param overrides {@code "<pid>:<key>=<value>"}, as in {@link PauzOptions#runtime} */
    SecurityProcess(String name, String... overrides) throws IOException {
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-");
        config = Files.createDirectories(work.resolve("config"));
        try (var files = Files.list(PauzOptions.repoRoot().resolve("config"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".cfg")) {
                    Files.copy(f, config.resolve(f.getFileName()));
                }
            }
        }
        List<String> all = new ArrayList<>(List.of("io.pauz.speech.sphinx4:preload=false"));
        all.addAll(List.of(overrides));
        setConfig(all.toArray(String[]::new));
        port = PauzOptions.freePort();
        http = new Http(port);
    }

    /**
     * Writes {@code "<pid>:<key>=<value>"} settings into the config copy, one write per file (so several keys of one
     * PID arrive as one configuration update). FileInstall applies them at its next poll, asynchronously: a test
     * must wait for the effect it needs, never assume it.
     */
    void setConfig(String... overrides) throws IOException {
        Map<String, List<String>> byPid = new LinkedHashMap<>();
        for (String override : overrides) {
            byPid.computeIfAbsent(override.substring(0, override.indexOf(':')), k -> new ArrayList<>())
                    .add(override.substring(override.indexOf(':') + 1));
        }
        for (Map.Entry<String, List<String>> pid : byPid.entrySet()) {
            Path file = config.resolve(pid.getKey() + ".cfg");
            String text = Files.exists(file) ? Files.readString(file) : "";
            for (String setting : pid.getValue()) {
                int equals = setting.indexOf('=');
                String key = setting.substring(0, equals);
                String line = key + "=" + setting.substring(equals + 1);
                Pattern pattern = Pattern.compile("(?m)^" + Pattern.quote(key) + "=.*$");
                text = pattern.matcher(text).find() ? pattern.matcher(text).replaceAll(Matcher.quoteReplacement(line))
                        : text + "\n" + line + "\n";
            }
            Path temp = work.resolve(file.getFileName() + ".tmp"); // outside the watched folder, same file system
            Files.writeString(temp, text);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Starts (or restarts on the same data) and waits for health 200. */
    SecurityProcess start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dfelix.fileinstall.dir=" + config, "-jar", PauzOptions.pauzJar().toString());
        pb.directory(PauzOptions.repoRoot().toFile());
        pb.environment().put("PAUZ_PORT", String.valueOf(port));
        pb.environment().put("PAUZ_HOST", "127.0.0.1");
        pb.environment().put("PAUZ_DATA", work.resolve("data").toString());
        pb.environment().put("PAUZ_DEPLOY", Files.createDirectories(work.resolve("deploy")).toString());
        pb.environment().put("PAUZ_ADMIN_TOKEN", PauzOptions.ADMIN_TOKEN);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("pauz.log").toFile()));
        process = pb.start();
        Http.Reply up = http.await("health", r -> r.status() == 200 || !process.isAlive(), Duration.ofSeconds(120));
        if (up.status() != 200) {
            throw new AssertionError("pauz.jar did not come up: " + up.body() + "\n" + log());
        }
        // Late feature bundles may still be registering REST resources: wait until the journal answers.
        http.await("journal/entries", r -> r.status() == 401, Duration.ofSeconds(60));
        return this;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    String log() {
        try {
            return Files.readString(work.resolve("pauz.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
