package org.aqlake.job.iceberg;

import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOAwsClientFactory;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.HashMap;
import java.util.Map;

/**
 * S3FileIO's client for an S3 emulator ({@code s3.endpoint}): Iceberg's own settings (region, endpoint,
 * path-style access, HTTP client, credentials from the SDK's default chain), with checksums only where S3
 * requires them. Since 2.30 the SDK otherwise streams every upload with a trailing checksum, which S3Proxy
 * rejects ("x-amz-content-sha256 does not match"). Never used on AWS, where Iceberg's default factory runs.
 */
public final class EmulatorS3ClientFactory implements S3FileIOAwsClientFactory {

    private static final long serialVersionUID = 1L;

    private HashMap<String, String> properties = new HashMap<>();

    @Override
    public void initialize(Map<String, String> catalogProperties) {
        this.properties = new HashMap<>(catalogProperties);
    }

    @Override
    public S3Client s3() {
        AwsClientProperties client = new AwsClientProperties(properties);
        S3FileIOProperties s3 = new S3FileIOProperties(properties);
        return S3Client.builder()
                .applyMutation(client::applyClientRegionConfiguration)
                .applyMutation(new HttpClientProperties(properties)::applyHttpClientConfigurations)
                .applyMutation(s3::applyEndpointConfigurations)
                .applyMutation(s3::applyServiceConfigurations)
                .applyMutation(b -> s3.applyCredentialConfigurations(client, b))
                .applyMutation(s3::applyRetryConfigurations)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public S3AsyncClient s3Async() {
        AwsClientProperties client = new AwsClientProperties(properties);
        S3FileIOProperties s3 = new S3FileIOProperties(properties);
        return S3AsyncClient.builder()
                .applyMutation(client::applyClientRegionConfiguration)
                .applyMutation(s3::applyEndpointConfigurations)
                .applyMutation(b -> s3.applyCredentialConfigurations(client, b))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}
