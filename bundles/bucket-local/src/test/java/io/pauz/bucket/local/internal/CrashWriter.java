package io.pauz.bucket.local.internal;

import java.nio.file.Path;
import java.util.Random;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.ObjectInfo;

/** Child process of the crash test: writes objects until killed, acknowledging each on stdout. */
public final class CrashWriter {
    public static void main(String[] args) throws Exception {
        LocalBucketStore store = new LocalBucketStore(Path.of(args[0]), 0);
        Random random = new Random();
        System.out.println("READY");
        System.out.flush();
        for (int i = 0;; i++) {
            byte[] data = new byte[1024 + random.nextInt(256 * 1024)];
            random.nextBytes(data);
            String key = "audio-processing/crash/" + String.format("%06d", i) + ".bin";
            ObjectInfo info = store.put(Bucket.MEDIA_STORAGE, key, data, "application/octet-stream");
            // also keep rewriting one key: after the kill it must hold one whole version
            store.put(Bucket.MEDIA_STORAGE, "audio-processing/crash/latest", data, "application/octet-stream");
            System.out.println("ACK " + key + " " + info.sha256());
            System.out.flush();
        }
    }
}
