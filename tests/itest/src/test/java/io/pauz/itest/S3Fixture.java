package io.pauz.itest;

import java.net.URI;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** Runner side only: a real S3 API server (S3Proxy, in memory) on 127.0.0.1, standing in for AWS S3. */
public final class S3Fixture {
    private static S3Proxy proxy;
    private static String endpoint;

    private S3Fixture() {
    }

    /** Starts it once per JVM; returns config overrides pointing the S3 provider at it. */
    public static synchronized String[] start() throws Exception {
        if (proxy == null) {
            endpoint = "http://127.0.0.1:" + PauzOptions.freePort();
            proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create(endpoint))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "itest-access", "itest-secret").build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
        }
        return new String[] { "io.pauz.bucket.s3:endpoint=" + endpoint, "io.pauz.bucket.s3:access.key=itest-access",
                "io.pauz.bucket.s3:secret.key=itest-secret", "io.pauz.bucket.s3:bucket.prefix=itest-" };
    }
}
