package io.pauz.bucket.s3.internal;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the S3 client with everything explicit: endpoint, region, static credentials and the
 * URLConnection HTTP client, so the SDK never searches the environment, instance metadata or
 * ServiceLoader (which cannot see across bundles).
 */
final class S3Clients {
    private S3Clients() {
    }

    static S3Client create(String endpoint, String region, String accessKey, String secretKey, boolean pathStyle,
            Duration timeout) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build())
                .forcePathStyle(pathStyle)
                // S3-compatible servers differ in checksum support; only send what S3 requires.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .overrideConfiguration(c -> c.apiCallTimeout(timeout.multipliedBy(6)))
                .build();
    }
}
