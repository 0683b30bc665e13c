package io.pauz.api.bucket;

/**
 * Use of one bucket.
 *
 * @param quotaBytes configured quota, or 0 for none
 */
public record BucketUsage(Bucket bucket, long objects, long bytes, long quotaBytes) {
    /** Percentage of the quota in use, or 0 without a quota. */
    public double quotaPercent() {
        return quotaBytes <= 0 ? 0 : 100.0 * bytes / quotaBytes;
    }
}
