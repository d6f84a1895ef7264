package org.aqlake.job.iceberg;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog properties that follow from the warehouse and the catalog: an {@code s3://} warehouse goes
 * through Iceberg's S3FileIO, a {@code file://} one through its default file IO, and the Glue catalog needs
 * an {@code s3://} warehouse and its own client.
 */
final class Warehouses {

    private Warehouses() {}

    /** @throws IllegalArgumentException starting with the setting that is wrong: "warehouse", "glue-endpoint" */
    static Map<String, String> catalogProperties(CatalogType type, String warehouse, Optional<AwsClients> aws) {
        Map<String, String> p = new LinkedHashMap<>();
        boolean s3 = isS3(warehouse);
        if (s3) {
            p.putAll(needed(aws, "an s3:// warehouse").s3FileIo());
        } else if (type == CatalogType.GLUE) {
            throw new IllegalArgumentException("warehouse: '" + warehouse + "' is not an s3://bucket/prefix URI,"
                    + " which the Glue catalog needs");
        }
        if (type == CatalogType.GLUE) {
            p.putAll(needed(aws, "the Glue catalog").glue());
        } else if (aws.map(AwsClients::hasGlueEndpoint).orElse(false)) {
            throw new IllegalArgumentException("glue-endpoint: set only with the GLUE catalog");
        }
        return p;
    }

    private static boolean isS3(String warehouse) {
        URI uri;
        try {
            uri = new URI(warehouse);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("warehouse: '" + warehouse + "' is not a URI: " + e.getMessage(), e);
        }
        if ("s3".equals(uri.getScheme())) {
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException("warehouse: '" + warehouse + "' names no bucket: s3://bucket/prefix");
            }
            return true;
        }
        if ("file".equals(uri.getScheme())) {
            return false;
        }
        throw new IllegalArgumentException("warehouse: '" + warehouse + "' is neither an s3://bucket/prefix nor a"
                + " file:// URI");
    }

    private static AwsClients needed(Optional<AwsClients> aws, String what) {
        return aws.orElseThrow(() -> new IllegalStateException("call aws(...): " + what + " needs the AWS clients"));
    }
}
