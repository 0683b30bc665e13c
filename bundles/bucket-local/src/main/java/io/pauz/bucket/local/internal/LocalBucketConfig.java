package io.pauz.bucket.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PIDs {@code io.pauz.storage} (which provider serves) and {@code io.pauz.bucket.local}. */
@ObjectClassDefinition(name = "PAUZ SmartBucket, local file system")
@interface LocalBucketConfig {
    @AttributeDefinition(description = "Bucket provider that serves (io.pauz.storage): fs or s3")
    String bucket_provider() default "fs";

    @AttributeDefinition(description = "Root folder of the buckets; empty for <data dir>/buckets")
    String root() default "";

    @AttributeDefinition(description = "Quota per bucket in bytes, 0 for none")
    long quota_bytes() default 0;

    @AttributeDefinition(description = "Bytes kept free on the disk of the root for the database and logs; a write that "
            + "would leave less fails with 507. 0 for none")
    long reserve_bytes() default 16L << 20;
}
