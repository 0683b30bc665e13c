package io.pauz.bucket.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketException;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.BucketUsage;
import io.pauz.api.bucket.ObjectInfo;
import io.pauz.api.bucket.ObjectKeys;
import io.pauz.api.bucket.ObjectPage;
import io.pauz.api.bucket.PutOptions;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.health.HealthStatus;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * SmartBucket on an S3-compatible store: PAUZ bucket {@code x} is S3 bucket {@code <prefix>x}. The
 * SHA-256 is computed while the upload is spooled (S3 needs the length up front) and kept as user
 * metadata {@code pauz-sha256}. S3 itself makes each PUT atomic.
 */
public final class S3BucketStore implements BucketStore {
    static final String SHA_META = "pauz-sha256";
    static final String TYPE_META = "pauz-content-type";
    private static final long USAGE_TTL_NANOS = 60_000_000_000L;
    private final S3Client s3;
    private final String prefix;
    private static final long PROBE_AFTER_NANOS = 10_000_000_000L;
    private volatile List<BucketUsage> usage;
    private volatile long usageAt;
    /** Outcome of the latest call that reached (or failed to reach) S3: what health reports. */
    private volatile Outcome last = new Outcome(HealthStatus.State.UP, "no call yet", System.nanoTime() - PROBE_AFTER_NANOS);

    /** Whether the latest S3 call worked (DEGRADED: S3 answers but is full), why not, and when (System.nanoTime). */
    record Outcome(HealthStatus.State state, String message, long at) {
    }

    public S3BucketStore(S3Client s3, String prefix, boolean createBuckets) {
        this.s3 = s3;
        this.prefix = prefix;
        if (createBuckets) {
            for (Bucket b : Bucket.values()) {
                call(() -> {
                    try {
                        s3.createBucket(r -> r.bucket(name(b)));
                    } catch (BucketAlreadyOwnedByYouException ignored) {
                        // there already
                    } catch (S3Exception e) {
                        if (e.statusCode() != 409) {
                            throw e;
                        }
                    }
                    return null;
                });
            }
        }
    }

    String name(Bucket bucket) {
        return prefix + bucket.id();
    }

    @Override
    public ObjectInfo put(Bucket bucket, String key, InputStream data, PutOptions options) {
        ObjectKeys.validate(key);
        validateMetadata(options.userMetadata());
        Path spool = null;
        try {
            spool = Files.createTempFile("pauz-s3", ".part");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(spool), sha)) {
                data.transferTo(out);
            }
            String hash = HexFormat.of().formatHex(sha.digest());
            Map<String, String> metadata = new HashMap<>();
            options.userMetadata().forEach((k, v) -> metadata.put(k, encodeValue(v)));
            metadata.put(SHA_META, hash);
            // Some servers (Jetty-based S3Proxy) rewrite Content-Type ("a; b" -> "a;b"): keep the exact value too.
            metadata.put(TYPE_META, encodeValue(options.contentType()));
            Path body = spool;
            long size = Files.size(spool);
            java.time.Instant now = java.time.Instant.now();
            call(() -> s3.putObject(r -> r.bucket(name(bucket)).key(key).contentType(options.contentType()).metadata(metadata),
                    RequestBody.fromFile(body)));
            usageAt = 0;
            // Describe what this call stored: a HEAD here could see a concurrent writer's object.
            return new ObjectInfo(bucket, key, size, options.contentType(), hash, now, options.userMetadata());
        } catch (IOException e) {
            throw new BucketException(BucketException.Reason.UNAVAILABLE, "cannot spool the upload: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
    }

    @Override
    public Optional<StoredObject> get(Bucket bucket, String key) {
        ObjectKeys.validate(key);
        return call(() -> {
            try {
                ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(name(bucket)).key(key));
                GetObjectResponse r = in.response();
                return Optional.of(new StoredObject(info(bucket, key, r.contentLength(), r.contentType(), r.metadata(),
                        r.lastModified()), in));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<ObjectInfo> head(Bucket bucket, String key) {
        ObjectKeys.validate(key);
        return call(() -> {
            try {
                HeadObjectResponse r = s3.headObject(h -> h.bucket(name(bucket)).key(key));
                return Optional.of(info(bucket, key, r.contentLength(), r.contentType(), r.metadata(), r.lastModified()));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public ObjectPage list(Bucket bucket, String prefixOfKeys, String cursor, int limit) {
        String p = ObjectKeys.validatePrefix(prefixOfKeys);
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000");
        }
        return call(() -> {
            ListObjectsV2Response page = s3.listObjectsV2(r -> {
                r.bucket(name(bucket)).maxKeys(limit);
                if (!p.isEmpty()) {
                    r.prefix(p);
                }
                if (cursor != null) {
                    r.continuationToken(cursor);
                }
            });
            List<ObjectInfo> objects = new ArrayList<>();
            for (S3Object o : page.contents()) {
                if (!validKey(o.key())) {
                    continue; // e.g. "folder/" markers made by other tools: not PAUZ objects
                }
                head(bucket, o.key()).ifPresent(objects::add);
            }
            return new ObjectPage(objects, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
        });
    }

    @Override
    public boolean delete(Bucket bucket, String key) {
        ObjectKeys.validate(key);
        if (head(bucket, key).isEmpty()) {
            return false;
        }
        call(() -> s3.deleteObject(r -> r.bucket(name(bucket)).key(key)));
        usageAt = 0;
        return true;
    }

    /** Counted by listing every bucket; kept a minute, since listing is costly on big stores. */
    @Override
    public List<BucketUsage> usage() {
        List<BucketUsage> cached = usage;
        if (cached != null && usageAt != 0 && System.nanoTime() - usageAt < USAGE_TTL_NANOS) {
            return cached;
        }
        List<BucketUsage> fresh = new ArrayList<>();
        for (Bucket b : Bucket.values()) {
            long[] totals = new long[2];
            call(() -> {
                s3.listObjectsV2Paginator(r -> r.bucket(name(b))).contents().forEach(o -> {
                    totals[0]++;
                    totals[1] += o.size();
                });
                return null;
            });
            fresh.add(new BucketUsage(b, totals[0], totals[1], 0));
        }
        usage = fresh;
        usageAt = System.nanoTime();
        return fresh;
    }

    private static ObjectInfo info(Bucket bucket, String key, Long size, String contentType, Map<String, String> metadata,
            java.time.Instant modified) {
        Map<String, String> user = new HashMap<>();
        metadata.forEach((k, v) -> user.put(k, decodeValue(v)));
        String sha = user.remove(SHA_META);
        String exactType = user.remove(TYPE_META);
        if (exactType != null) {
            contentType = exactType;
        }
        return new ObjectInfo(bucket, key, size == null ? 0 : size, contentType, sha, modified, user);
    }

    private static final java.util.Set<String> NO_SPACE_CODES = java.util.Set.of("QuotaExceeded", "XMinioStorageFull",
            "XMinioAdminBucketQuotaExceeded", "InsufficientStorage");
    private static final java.util.regex.Pattern USER_META_KEY = java.util.regex.Pattern.compile("[a-z0-9-]{1,64}");
    private static final int USER_META_MAX = 2048;
    private static final String B64_START = "=?UTF-8?B?";
    private static final String B64_END = "?=";

    /** Same rules as the local provider, so both accept and refuse the same metadata. */
    static void validateMetadata(Map<String, String> metadata) {
        int total = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!USER_META_KEY.matcher(e.getKey()).matches() || e.getKey().startsWith("pauz-") || e.getValue() == null) {
                throw new IllegalArgumentException("user metadata keys are lower-case letters, digits and - (not pauz-): "
                        + e.getKey());
            }
            total += e.getKey().length() + e.getValue().length();
        }
        if (total > USER_META_MAX) {
            throw new IllegalArgumentException("user metadata is limited to " + USER_META_MAX + " characters");
        }
    }

    /** HTTP headers carry printable ASCII only: anything else travels RFC 2047 base64 encoded (as S3 itself returns it). */
    static String encodeValue(String value) {
        boolean plain = !value.startsWith(B64_START) && (value.isEmpty()
                || (value.charAt(0) != ' ' && value.charAt(value.length() - 1) != ' '));
        for (int i = 0; plain && i < value.length(); i++) {
            char c = value.charAt(i);
            plain = c >= 0x20 && c < 0x7f;
        }
        return plain ? value : B64_START + java.util.Base64.getEncoder().encodeToString(
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + B64_END;
    }

    static String decodeValue(String value) {
        if (value != null && value.startsWith(B64_START) && value.endsWith(B64_END)
                && value.length() >= B64_START.length() + B64_END.length()) {
            try {
                return new String(java.util.Base64.getDecoder().decode(
                        value.substring(B64_START.length(), value.length() - B64_END.length())),
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return value;
            }
        }
        return value;
    }

    private static boolean validKey(String key) {
        try {
            ObjectKeys.validate(key);
            return true;
        } catch (BucketException e) {
            return false;
        }
    }

    private interface Call<T> {
        T run();
    }

    /**
     * Health of the store: the outcome of the latest real call, or, when nothing has called S3 for 10 s, of a HEAD of
     * one bucket made now (bounded by the client's timeout), so a dead endpoint shows before a user meets it.
     */
    Outcome health() {
        Outcome seen = last;
        if (System.nanoTime() - seen.at() < PROBE_AFTER_NANOS) {
            return seen;
        }
        try {
            call(() -> s3.headBucket(r -> r.bucket(name(Bucket.FREE_JOURNALS))));
        } catch (BucketException e) {
            // recorded by call
        }
        return last;
    }

    /** S3 and network failures become BucketException UNAVAILABLE (NO_SPACE when S3 says it is full). */
    private <T> T call(Call<T> call) {
        try {
            T value = call.run();
            last = new Outcome(HealthStatus.State.UP, "S3 answers", System.nanoTime());
            return value;
        } catch (SdkClientException | S3Exception | UncheckedIOException e) {
            BucketException mapped = map(e);
            last = new Outcome(mapped.reason() == BucketException.Reason.NO_SPACE ? HealthStatus.State.DEGRADED
                    : HealthStatus.State.DOWN, mapped.getMessage(), System.nanoTime());
            throw mapped;
        }
    }

    private static BucketException map(RuntimeException e) {
        if (e instanceof S3Exception s3e) {
            String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
            if (s3e.statusCode() == 507 || (code != null && NO_SPACE_CODES.contains(code))) {
                return new BucketException(BucketException.Reason.NO_SPACE, "S3 storage is full: " + e.getMessage(), e);
            }
            return new BucketException(BucketException.Reason.UNAVAILABLE, "S3 refused: " + e.getMessage(), e);
        }
        if (e instanceof SdkClientException) {
            return new BucketException(BucketException.Reason.UNAVAILABLE, "S3 cannot be reached: " + e.getMessage(), e);
        }
        return new BucketException(BucketException.Reason.UNAVAILABLE, "S3 I/O failed: " + e.getMessage(), e);
    }
}
