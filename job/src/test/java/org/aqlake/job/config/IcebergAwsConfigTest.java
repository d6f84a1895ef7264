package org.aqlake.job.config;

import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Catalog;

import org.aqlake.job.iceberg.IcebergTables;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Closeable;
import java.lang.reflect.Field;
import java.util.Map;

import static org.aqlake.job.config.JobConfigTest.assertRejectedNaming;
import static org.aqlake.job.config.JobConfigTest.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog properties of an {@code s3://} warehouse and of the Glue catalog, as the job builds them from its
 * keys. Glue itself is exercised against an emulator in {@code IcebergS3WarehouseIT}; job/README.md ("Iceberg
 * tables") lists what of Glue no test here reaches.
 */
class IcebergAwsConfigTest {

    static final String S3_WAREHOUSE = "s3://aq-transformed/iceberg";
    static final String JDBC_URI = IcebergConfigTest.JDBC_URI;
    static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

    static Map<String, String> s3Jdbc(String... more) {
        Map<String, String> m = minimalWith("lake.format", "iceberg", "iceberg.warehouse", S3_WAREHOUSE,
                "iceberg.jdbc-uri", JDBC_URI, "kinesis.region", "eu-west-1");
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    static Map<String, String> glue(String... more) {
        Map<String, String> m = s3Jdbc();
        m.remove("iceberg.jdbc-uri");
        m.put("iceberg.catalog-type", "glue");
        // as the Glue deployment runs: no maintenance lock there (the test below checks the refusal)
        m.put("iceberg.maintenance.enabled", "false");
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    static Map<String, String> catalogProperties(Map<String, String> flat) {
        return JobConfig.from(flat).iceberg.orElseThrow().catalogProperties();
    }

    @Test
    void anS3WarehouseIsWrittenThroughS3FileIoInTheJobsRegionAtAwssOwnEndpoint() {
        Map<String, String> p = catalogProperties(s3Jdbc());

        assertThat(p).containsEntry("warehouse", S3_WAREHOUSE).containsEntry("io-impl", S3_FILE_IO)
                .containsEntry("client.region", "eu-west-1")
                .doesNotContainKeys("s3.endpoint", "s3.path-style-access", "s3.client-factory-impl");
    }

    @Test
    void theJobsS3EmulatorKeysPointS3FileIoAtTheEmulatorButNeverGiveItTheirCredentials() {
        Map<String, String> p = catalogProperties(s3Jdbc("s3.endpoint", "http://127.0.0.1:9090",
                "s3.access-key", "local-access", "s3.secret-key", "local-secret"));

        assertThat(p).containsEntry("s3.endpoint", "http://127.0.0.1:9090").containsEntry("s3.path-style-access", "true")
                // an emulator's client asks for checksums only where S3 requires them (S3Proxy rejects the rest)
                .containsEntry("s3.client-factory-impl", "org.aqlake.job.iceberg.EmulatorS3ClientFactory");
        // S3FileIO takes its credentials from the SDK's default chain, never from the job's configuration
        assertThat(p.values()).doesNotContain("local-access", "local-secret");
        assertThat(p.keySet()).noneMatch(k -> k.contains("access-key") || k.contains("secret") || k.contains("token")
                || k.startsWith("client.credentials-provider"));
        assertThat(JobConfig.from(s3Jdbc("s3.endpoint", "http://127.0.0.1:9090", "s3.path-style-access", "false",
                "s3.access-key", "a", "s3.secret-key", "b")).iceberg.orElseThrow().catalogProperties())
                .containsEntry("s3.path-style-access", "false");
    }

    @Test
    void aFileWarehouseKeepsIcebergsDefaultFileIo() {
        assertThat(catalogProperties(IcebergConfigTest.iceberg())).doesNotContainKeys("io-impl", "client.region");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs://namenode/warehouse", "s3:///no-bucket", "s3a://bucket/warehouse", "warehouse",
        "s3://bucket/with space"})
    void aWarehouseThatIsNeitherS3NorFileIsRejectedNamingItsKey(String warehouse) {
        assertRejectedNaming(s3Jdbc("iceberg.warehouse", warehouse), "iceberg.warehouse");
    }

    @Test
    void theGlueCatalogWritesAnS3WarehouseThroughS3FileIoWithTheGlueClientInTheJobsRegion() {
        IcebergTables tables = JobConfig.from(glue()).iceberg.orElseThrow();

        assertThat(tables.catalogProperties()).containsEntry("warehouse", S3_WAREHOUSE)
                .containsEntry("io-impl", S3_FILE_IO).containsEntry("client.region", "eu-west-1")
                .doesNotContainKeys("uri", "glue.endpoint");
        assertThat(tables.readingsTable().toString()).isEqualTo("aq_lake.readings");
    }

    @Test
    void theGlueCatalogCommitsWithOptimisticLockingOnTheGlueTableVersionAndNoLockManager() throws Exception {
        Map<String, String> p = catalogProperties(glue());
        assertThat(p).doesNotContainKeys("lock-impl", "lock.table");

        // building the catalog contacts nothing: it creates the Glue client, which resolves credentials on first use
        Catalog catalog = JobConfig.from(glue()).iceberg.orElseThrow().catalog().loadCatalog();
        try (Closeable c = (Closeable) catalog) {
            assertThat(catalog).isInstanceOf(GlueCatalog.class);
            // GlueCatalog keeps no lock manager only when the SDK lets it set the table's VersionId on UpdateTable
            Field lockManager = GlueCatalog.class.getDeclaredField("lockManager");
            lockManager.setAccessible(true);
            assertThat(lockManager.get(catalog)).as("GlueCatalog's lock manager").isNull();
        }
    }

    @Test
    void theGlueCatalogNeedsAnS3WarehouseAndRejectsAJdbcUriNamingTheKey() {
        assertRejectedNaming(glue("iceberg.warehouse", "file:///tmp/warehouse"), "iceberg.warehouse");
        assertRejectedNaming(glue("iceberg.jdbc-uri", JDBC_URI), "iceberg.jdbc-uri");
    }

    @Test
    void theGlueCatalogWithMaintenanceOnNeedsALockDatabaseNamingTheKey() {
        Map<String, String> maintained = glue();
        maintained.remove("iceberg.maintenance.enabled");

        assertRejectedNaming(maintained, "iceberg.maintenance.lock-jdbc-uri");
        maintained.put("iceberg.maintenance.lock-jdbc-uri", "jdbc:h2:tcp://locks.internal/locks");
        assertThat(JobConfig.from(maintained).icebergMaintenance).isPresent();
    }

    @Test
    void aGlueEndpointPointsTheGlueClientAtAnEmulatorAndIsRejectedWithTheJdbcCatalog() {
        assertThat(catalogProperties(glue("iceberg.glue-endpoint", "http://127.0.0.1:5000")))
                .containsEntry("glue.endpoint", "http://127.0.0.1:5000");
        assertRejectedNaming(s3Jdbc("iceberg.glue-endpoint", "http://127.0.0.1:5000"), "iceberg.glue-endpoint");
    }
}
