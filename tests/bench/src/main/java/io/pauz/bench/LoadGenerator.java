package io.pauz.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform benchmark's load generator ({@link PlatformBench.Connection}, one keep-alive socket per connection,
 * requests back to back) for any mix of requests: each request names a category; per category it keeps the
 * latencies, the completion times of successful answers (to find the longest time without one) and every failure
 * with its time. Bounded in time and in count; loopback only.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    /** One request; {@code expected} is the status that counts as success. */
    public record Request(String category, String method, String path, String[] headers, byte[] body, int expected) {
        public static Request get(String category, String path, String... headers) {
            return new Request(category, "GET", path, headers, null, 200);
        }

        public static Request post(String category, String path, String json, int expected, String... headers) {
            String[] all = Arrays.copyOf(headers, headers.length + 1);
            all[headers.length] = "Content-Type: application/json";
            return new Request(category, "POST", path, all, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), expected);
        }
    }

    /** Makes the {@code i}-th request of connection {@code connection}. */
    public interface Factory {
        Request next(int connection, long i);
    }

    /** A failed request: when it ended (ns since the run started), its category and status (-1: I/O error). */
    public record Failure(String category, long atNanos, int status) {
    }

    /** Figures of one category. */
    public static final class Stats {
        long ok;
        long errors;
        long[] latencies = new long[1024];
        int n;
        long[] okEnds = new long[1024];
        int okN;

        void add(long latency, long end, boolean success) {
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = latency;
            if (success) {
                ok++;
                if (okN == okEnds.length) {
                    okEnds = Arrays.copyOf(okEnds, okN * 2);
                }
                okEnds[okN++] = end;
            } else {
                errors++;
            }
        }

        void merge(Stats o) {
            ok += o.ok;
            errors += o.errors;
            latencies = Arrays.copyOf(latencies, Math.max(latencies.length, n + o.n));
            System.arraycopy(o.latencies, 0, latencies, n, o.n);
            n += o.n;
            okEnds = Arrays.copyOf(okEnds, Math.max(okEnds.length, okN + o.okN));
            System.arraycopy(o.okEnds, 0, okEnds, okN, o.okN);
            okN += o.okN;
        }

        public long ok() {
            return ok;
        }

        public long errors() {
            return errors;
        }

        /** Latency percentile in ms over all answered requests. */
        public double percentile(double p) {
            if (n == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            return sorted[(int) Math.max(0, Math.min(n - 1, Math.ceil(p * n) - 1))] / 1e6;
        }

        /** Longest time (ms) within [from, to) ns with no successful answer of this category. */
        public double longestGapMillis(long from, long to) {
            long[] ends = Arrays.copyOf(okEnds, okN);
            Arrays.sort(ends);
            long previous = from;
            long longest = 0;
            for (long e : ends) {
                if (e < from) {
                    continue;
                }
                if (e >= to) {
                    break;
                }
                longest = Math.max(longest, e - previous);
                previous = e;
            }
            return Math.max(longest, to - previous) / 1e6;
        }
    }

    /** What a run measured. */
    public record Result(double seconds, long startNanos, Map<String, Stats> categories, List<Failure> failures) {
        public double perSecond(String category) {
            Stats s = categories.get(category);
            return s == null ? 0 : s.ok / seconds;
        }
    }

    /**
     * Runs {@code connections} connections for at most {@code seconds} or {@code maxRequests} requests in all.
     * {@code during}, if given, runs on the calling thread while the load runs (the run lasts at least as long).
     */
    public static Result run(int port, int connections, double seconds, long maxRequests, Factory factory, Runnable during)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong issued = new AtomicLong();
        List<Map<String, Stats>> perThread = new ArrayList<>();
        List<List<Failure>> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            Map<String, Stats> mine = new TreeMap<>();
            List<Failure> myFailures = new ArrayList<>();
            perThread.add(mine);
            failures.add(myFailures);
            int n = i;
            threads.add(new Thread(() -> {
                PlatformBench.Connection c = null;
                for (long k = 0; running.get() && issued.incrementAndGet() <= maxRequests; k++) {
                    Request r = factory.next(n, k);
                    long s = System.nanoTime();
                    int status;
                    try {
                        if (c == null) {
                            c = new PlatformBench.Connection(port);
                        }
                        status = c.exchange(r.method(), r.path(), r.headers(), r.body(), null);
                        if (c.closing()) {
                            c.close();
                            c = null;
                        }
                    } catch (IOException | RuntimeException e) {
                        status = -1;
                        if (c != null) {
                            c.close();
                        }
                        c = null;
                    }
                    long end = System.nanoTime();
                    boolean ok = status == r.expected();
                    mine.computeIfAbsent(r.category(), x -> new Stats()).add(end - s, end - start, ok);
                    if (!ok) {
                        myFailures.add(new Failure(r.category(), end - start, status));
                        if (status == -1) {
                            try {
                                Thread.sleep(5); // not a busy loop while the port is closed
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }
                if (c != null) {
                    c.close();
                }
            }, "load-" + i));
        }
        threads.forEach(Thread::start);
        if (during != null) {
            during.run();
        }
        long deadline = start + (long) (seconds * 1e9);
        for (Thread t : threads) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            t.join(left);
            if (System.nanoTime() >= deadline) {
                running.set(false);
            }
        }
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Stats> all = new TreeMap<>();
        for (Map<String, Stats> m : perThread) {
            m.forEach((k, v) -> all.computeIfAbsent(k, x -> new Stats()).merge(v));
        }
        List<Failure> allFailures = new ArrayList<>();
        failures.forEach(allFailures::addAll);
        allFailures.sort((x, y) -> Long.compare(x.atNanos(), y.atNanos()));
        return new Result(elapsed, start, all, allFailures);
    }
}
