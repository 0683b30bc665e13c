package io.pauz.garden.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark, not a test: planting, reading and drawing gardens of 10, 150 and 1000 flowers on the real local bucket
 * store. Prints a table and writes {@code target/garden-bench.json}. Run:
 * {@code java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" io.pauz.garden.internal.GardenBench}
 */
public final class GardenBench {
    private GardenBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-8s %14s %12s %12s %12s %12s %10s%n", "flowers", "plant ms/each", "garden ms",
                "svg ms", "png800 ms", "svg KiB", "png KiB");
        for (int n : new int[] { 10, 150, 1000 }) {
            try (Fixture fx = new Fixture()) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    fx.analysed("bench", "e" + i, Math.sin(i) * 0.99, 1);
                }
                double plant = (System.nanoTime() - t0) / 1e6 / n;
                double garden = median(() -> fx.service.garden("bench"));
                double svg = median(() -> fx.service.svg("bench"));
                double png = median(() -> fx.service.png("bench", 800));
                int svgKb = fx.service.svg("bench").length() / 1024;
                int pngKb = fx.service.png("bench", 800).length / 1024;
                System.out.printf(Locale.ROOT, "%-8d %14.2f %12.2f %12.2f %12.2f %12d %10d%n", n, plant, garden, svg, png,
                        svgKb, pngKb);
                rows.add(String.format(Locale.ROOT, "{\"flowers\":%d,\"plantMsEach\":%.3f,\"gardenMs\":%.3f,\"svgMs\":%.3f,"
                        + "\"png800Ms\":%.3f,\"svgKiB\":%d,\"pngKiB\":%d}", n, plant, garden, svg, png, svgKb, pngKb));
            }
        }
        Files.writeString(Path.of("target/garden-bench.json"), "[" + String.join(",\n", rows) + "]\n");
    }

    /** Median of 15 timed runs after 5 warm-up runs, in ms. */
    private static double median(Runnable r) {
        for (int i = 0; i < 5; i++) {
            r.run();
        }
        double[] t = new double[15];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
