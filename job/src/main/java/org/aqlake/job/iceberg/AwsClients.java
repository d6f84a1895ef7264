package org.aqlake.job.iceberg;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.AwsProperties;
import org.apache.iceberg.aws.s3.S3FileIOProperties;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How Iceberg's AWS clients, the S3FileIO of an {@code s3://} warehouse and the Glue catalog's client, reach
 * AWS: the region and, for an emulator, endpoint overrides. Credentials are never among these settings: the
 * SDK's default provider chain finds them (the application's role on Managed Flink).
 */
public final class AwsClients {

    static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

    private final String region;
    private final Optional<String> s3Endpoint;
    private final boolean pathStyleAccess;
    private final Optional<String> glueEndpoint;

    private AwsClients(String region, Optional<String> s3Endpoint, boolean pathStyleAccess,
            Optional<String> glueEndpoint) {
        this.region = Objects.requireNonNull(region, "region");
        this.s3Endpoint = s3Endpoint;
        this.pathStyleAccess = pathStyleAccess;
        this.glueEndpoint = glueEndpoint;
    }

    /** AWS's own endpoints in this region. */
    public static AwsClients in(String region) {
        return new AwsClients(region, Optional.empty(), false, Optional.empty());
    }

    /** S3 at another endpoint, such as an emulator; emulators need path-style bucket addressing. */
    public AwsClients s3Endpoint(String url, boolean pathStyleAccess) {
        return new AwsClients(region, Optional.of(url), pathStyleAccess, glueEndpoint);
    }

    /** The Glue catalog at another endpoint, such as an emulator. */
    public AwsClients glueEndpoint(String url) {
        return new AwsClients(region, s3Endpoint, pathStyleAccess, Optional.of(url));
    }

    boolean hasGlueEndpoint() {
        return glueEndpoint.isPresent();
    }

    /** The catalog properties that make the tables' files go through S3FileIO. */
    Map<String, String> s3FileIo() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
        p.put(AwsClientProperties.CLIENT_REGION, region);
        s3Endpoint.ifPresent(url -> {
            p.put(S3FileIOProperties.ENDPOINT, url);
            p.put(S3FileIOProperties.PATH_STYLE_ACCESS, Boolean.toString(pathStyleAccess));
            p.put(S3FileIOProperties.CLIENT_FACTORY, EmulatorS3ClientFactory.class.getName());
        });
        return p;
    }

    /**
     * The Glue catalog's client. No {@code lock-impl}: without one Iceberg commits to Glue with optimistic
     * locking on the Glue table's version, so no DynamoDB lock table is needed.
     */
    Map<String, String> glue() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(AwsClientProperties.CLIENT_REGION, region);
        glueEndpoint.ifPresent(url -> p.put(AwsProperties.GLUE_CATALOG_ENDPOINT, url));
        return p;
    }

    @Override
    public String toString() {
        return "aws{region=" + region + s3Endpoint.map(u -> ", s3=" + u).orElse("")
                + glueEndpoint.map(u -> ", glue=" + u).orElse("") + "}";
    }
}
