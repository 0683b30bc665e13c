package io.pauz.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Platform benchmark on loopback: start-up time to the first 200 of /api/v1/health, RSS after start,
 * and req/s with p50/p99 latency of /api/v1/health at 64 keep-alive connections for a bounded time.
 *
 * <p>Usage: {@code PlatformBench <repo root> [seconds]}. Prints a table and writes
 * {@code tests/bench/target/bench-platform.json}.
 */
public final class PlatformBench {
    private static final int CONNECTIONS = 64;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path jar = root.resolve("runtime/target/pauz.jar");
        Path work = Files.createTempDirectory("pauz-bench");
        int port = freePort();

        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString());
        pb.directory(root.toFile());
        pb.environment().put("PAUZ_PORT", String.valueOf(port));
        pb.environment().put("PAUZ_HOST", "127.0.0.1");
        pb.environment().put("PAUZ_DATA", work.resolve("data").toString());
        pb.environment().put("PAUZ_DEPLOY", Files.createDirectories(work.resolve("deploy")).toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(work.resolve("pauz.log").toFile());

        long t0 = System.nanoTime();
        Process process = pb.start();
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            double startSeconds = awaitFirst200(port, t0, 90);
            result.put("start_to_first_200_s", round(startSeconds));
            Thread.sleep(5000); // settle, as an operator would see it idle
            result.put("rss_after_start_mb", round(rssKiB(process.pid()) / 1024.0));

            warmUp(port, 2);
            Load load = load(port, CONNECTIONS, seconds);
            result.put("connections", CONNECTIONS);
            result.put("duration_s", seconds);
            result.put("requests", load.ok + load.errors);
            result.put("errors", load.errors);
            result.put("req_per_s", round(load.ok / load.seconds));
            result.put("p50_ms", round(load.percentile(0.50)));
            result.put("p99_ms", round(load.percentile(0.99)));
            result.put("rss_after_load_mb", round(rssKiB(process.pid()) / 1024.0));
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        System.out.println();
        System.out.println("PAUZ platform benchmark (loopback, " + Runtime.getRuntime().availableProcessors() + " cores)");
        System.out.println("-".repeat(46));
        result.forEach((k, v) -> System.out.printf("%-28s %16s%n", k, v));
        Path out = root.resolve("tests/bench/target/bench-platform.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, toJson(result));
        System.out.println("-".repeat(46));
        System.out.println("written: " + out);
    }

    private static double awaitFirst200(int port, long t0, int maxSeconds) throws InterruptedException {
        long end = t0 + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < end) {
            try (Connection c = new Connection(port)) {
                if (c.get("/api/v1/health") == 200) {
                    return (System.nanoTime() - t0) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no 200 within " + maxSeconds + " s");
    }

    private static void warmUp(int port, int seconds) throws Exception {
        load(port, 8, seconds);
    }

    record Load(long ok, long errors, double seconds, long[] latenciesNanos) {
        double percentile(double p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            int index = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }
    }

    /** Each connection sends requests back to back for {@code seconds}; bounded in time and count. */
    private static Load load(int port, int connections, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> perThread = new ArrayList<>();
        long[] ok = new long[connections];
        long[] errors = new long[connections];
        int[] counts = new int[connections];
        List<Thread> threads = new ArrayList<>();
        int cap = 2_000_000 / connections;
        for (int i = 0; i < connections; i++) {
            long[] latencies = new long[cap];
            perThread.add(latencies);
            int n = i;
            Thread t = new Thread(() -> {
                Connection c = null;
                while (running.get() && counts[n] < cap) {
                    try {
                        if (c == null) {
                            c = new Connection(port);
                        }
                        long start = System.nanoTime();
                        int status = c.get("/api/v1/health");
                        latencies[counts[n]++] = System.nanoTime() - start;
                        if (status == 200) {
                            ok[n]++;
                        } else {
                            errors[n]++;
                        }
                    } catch (IOException e) {
                        errors[n]++;
                        if (c != null) {
                            c.close();
                        }
                        c = null;
                    }
                }
                if (c != null) {
                    c.close();
                }
            });
            threads.add(t);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int i = 0; i < connections; i++) {
            System.arraycopy(perThread.get(i), 0, all, pos, counts[i]);
            pos += counts[i];
        }
        Arrays.sort(all);
        return new Load(Arrays.stream(ok).sum(), Arrays.stream(errors).sum(), elapsed, all);
    }

    /** A minimal HTTP/1.1 keep-alive client: cheap enough not to be the bottleneck. Also used by tests/reliability. */
    public static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];

        private boolean closeAfter;

        public Connection(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        public int get(String path) throws IOException {
            return exchange("GET", path, null, null, null);
        }

        /**
         * One request and its answer (body skipped, or copied into {@code answer} when given).
         *
         * @param headers extra header lines without CRLF, may be null
         * @param body request body, may be null
         */
        public int exchange(String method, String path, String[] headers, byte[] body, java.io.ByteArrayOutputStream answer)
                throws IOException {
            StringBuilder request = new StringBuilder(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n");
            if (headers != null) {
                for (String h : headers) {
                    request.append(h).append("\r\n");
                }
            }
            if (body != null) {
                request.append("Content-Length: ").append(body.length).append("\r\n");
            }
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String status = readLine();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            closeAfter = false;
            for (String line; !(line = readLine()).isEmpty();) {
                String lower = line.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closeAfter = true;
                }
            }
            this.answer = answer;
            if (chunked) {
                for (long size; (size = Long.parseLong(readLine().trim(), 16)) > 0;) {
                    skip(size);
                    readLine();
                }
                readLine();
            } else if (length > 0) {
                skip(length);
            }
            this.answer = null;
            return code;
        }

        /** The server said it closes this connection after the last answer. */
        public boolean closing() {
            return closeAfter;
        }

        private java.io.ByteArrayOutputStream answer;

        private void skip(long n) throws IOException {
            while (n > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                if (r < 0) {
                    throw new IOException("closed");
                }
                if (answer != null) {
                    answer.write(buffer, 0, r);
                }
                n -= r;
            }
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c; (c = in.read()) != '\n';) {
                if (c < 0) {
                    throw new IOException("closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    public static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    public static String toJson(Map<String, Object> map) {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            sb.append("  \"").append(e.getKey()).append("\": ").append(e.getValue());
            sb.append(++i < map.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }
}
