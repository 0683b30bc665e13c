package io.pauz.bucket.local.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.pauz.api.bucket.Bucket;

/**
 * SmartBucket (local file system) throughput: puts and gets per second for 4 KiB and 1 MiB objects,
 * bounded in count and time. Prints a table, writes {@code target/bench-bucket.json}.
 * Run: {@code tests/bench/storage.sh}.
 */
public final class BucketBench {
    record Row(String operation, int objects, double perSecond, double mibPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("pauz-bucket-bench");
        LocalBucketStore store = new LocalBucketStore(root, 0);
        List<Row> rows = new ArrayList<>();
        for (int size : new int[] { 4 * 1024, 1024 * 1024 }) {
            int count = size == 4096 ? 2000 : 100;
            byte[] data = new byte[size];
            new Random(1).nextBytes(data);
            String label = size == 4096 ? "4 KiB" : "1 MiB";
            for (int i = 0; i < Math.min(50, count); i++) { // warm-up
                store.put(Bucket.MEDIA_STORAGE, "audio-processing/warm/" + i, data, "application/octet-stream");
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                store.put(Bucket.MEDIA_STORAGE, "audio-processing/bench/" + size + "/" + i, data, "application/octet-stream");
            }
            double putSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                store.get(Bucket.MEDIA_STORAGE, "audio-processing/bench/" + size + "/" + i).orElseThrow().readAllBytes();
            }
            double getSeconds = (System.nanoTime() - t1) / 1e9;
            rows.add(new Row("put " + label + " (fsync each)", count, count / putSeconds, count * (double) size / putSeconds / 1048576));
            rows.add(new Row("get " + label, count, count / getSeconds, count * (double) size / getSeconds / 1048576));
        }
        System.out.printf("%-28s %8s %12s %10s%n", "SmartBucket fs", "objects", "ops/s", "MiB/s");
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            System.out.printf("%-28s %8d %12.0f %10.1f%n", r.operation(), r.objects(), r.perSecond(), r.mibPerSecond());
            json.append(String.format("  {\"operation\": \"%s\", \"objects\": %d, \"ops_per_s\": %.1f, \"mib_per_s\": %.2f}%s%n",
                    r.operation(), r.objects(), r.perSecond(), r.mibPerSecond(), i + 1 < rows.size() ? "," : ""));
        }
        Files.writeString(Path.of("target", "bench-bucket.json"), json.append("]\n").toString());
    }
}
