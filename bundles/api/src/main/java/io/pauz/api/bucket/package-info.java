/**
 * SmartBucket: object storage in eight fixed buckets (see {@link io.pauz.api.bucket.Bucket}).
 * <p>Implement {@link io.pauz.api.bucket.BucketStore} to add a storage backend; features obtain the
 * store as a service and never learn which backend serves it. Keys are validated by
 * {@link io.pauz.api.bucket.ObjectKeys} before any provider touches storage.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.pauz.api.bucket;
