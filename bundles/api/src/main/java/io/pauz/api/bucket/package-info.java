/**
 * SmartBucket: object storage in eight fixed buckets (see {@link io.pauz.api.bucket.Bucket}).
 * <p>Implement {@link io.pauz.api.bucket.BucketStore} to add a storage backend; features obtain the
 * store as a service and never learn which backend serves it. Keys are validated by
 * {@link io.pauz.api.bucket.ObjectKeys} before any provider touches storage. 1.2: a stopped provider
 * refuses new calls with {@link io.pauz.api.bucket.BucketException.Reason#CLOSED}, so callers can make them again on
 * the next one.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.pauz.api.bucket;
