package io.pauz.bucket.s3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PIDs {@code io.pauz.storage} (which provider serves) and {@code io.pauz.bucket.s3}. */
@ObjectClassDefinition(name = "PAUZ SmartBucket, S3")
@interface S3BucketConfig {
    @AttributeDefinition(description = "Bucket provider that serves (io.pauz.storage): fs or s3")
    String bucket_provider() default "fs";

    @AttributeDefinition(description = "S3 endpoint, e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000")
    String endpoint() default "";

    String region() default "us-east-1";

    String access_key() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD)
    String secret_key() default "";

    @AttributeDefinition(description = "S3 bucket name = prefix + PAUZ bucket id")
    String bucket_prefix() default "pauz-";

    boolean path_style() default true;

    boolean create_buckets() default true;

    int timeout_ms() default 10_000;
}
