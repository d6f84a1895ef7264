package org.aqlake.job.config;

import org.apache.iceberg.PartitionField;

import org.aqlake.job.iceberg.IcebergTables;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.aqlake.job.config.JobConfigTest.assertRejectedNaming;
import static org.aqlake.job.config.JobConfigTest.minimal;
import static org.aqlake.job.config.JobConfigTest.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

class IcebergConfigTest {

    static final String WAREHOUSE = "file:///tmp/aq-lake-warehouse";
    static final String JDBC_URI = "jdbc:h2:file:/tmp/aq-lake-catalog;AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE";

    static Map<String, String> iceberg(String... more) {
        Map<String, String> m = minimalWith("lake.format", "iceberg", "iceberg.warehouse", WAREHOUSE,
                "iceberg.jdbc-uri", JDBC_URI);
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void theFormatIsParquetByDefaultAndThenThereAreNoIcebergTables() {
        assertThat(JobConfig.from(minimal()).iceberg).isEmpty();
        assertThat(JobConfig.from(minimalWith("lake.format", "parquet")).iceberg).isEmpty();
    }

    @Test
    void icebergTablesAreInTheJdbcCatalogsDatabasePartitionedByTheHourOfTheirEventTime() {
        IcebergTables tables = JobConfig.from(iceberg()).iceberg.orElseThrow();

        assertThat(tables.database()).isEqualTo("aq_lake");
        assertThat(tables.readingsTable().toString()).isEqualTo("aq_lake.readings");
        assertThat(tables.readingsSpec().fields()).singleElement()
                .satisfies(f -> assertThat(f.transform().toString()).isEqualTo("hour"))
                .satisfies(f -> assertThat(f.name()).isEqualTo("event_time_hour"));
    }

    @Test
    void thePartitionSpecAndDatabaseComeFromTheirKeys() {
        IcebergTables tables = JobConfig.from(iceberg("iceberg.database", "air",
                "iceberg.readings.partition-spec", "days(event_time), parameter, bucket(8, device_id)")).iceberg
                .orElseThrow();

        assertThat(tables.readingsTable().toString()).isEqualTo("air.readings");
        assertThat(tables.readingsSpec().fields()).extracting(PartitionField::name)
                .containsExactly("event_time_day", "parameter", "device_id_bucket");
    }

    @Test
    void anEmptyPartitionSpecIsAnUnpartitionedTable() {
        assertThat(JobConfig.from(iceberg("iceberg.readings.partition-spec", "")).iceberg.orElseThrow()
                .readingsSpec().isUnpartitioned()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hours(nowhere)", "minutes(event_time)", "hours(event_time) parameter", "bucket(x, city)",
        "hours(event_time),"})
    void aPartitionSpecThatIsNotTransformsOfColumnsIsRejectedNamingItsKey(String spec) {
        assertRejectedNaming(iceberg("iceberg.readings.partition-spec", spec), "iceberg.readings.partition-spec");
    }

    @Test
    void theWarehouseIsRequiredWithIcebergAndMustBeAFileUriForNow() {
        Map<String, String> without = iceberg();
        without.remove("iceberg.warehouse");
        assertRejectedNaming(without, "iceberg.warehouse");
        assertRejectedNaming(iceberg("iceberg.warehouse", "s3://bucket/warehouse"), "iceberg.warehouse");
    }

    @Test
    void theJdbcCatalogNeedsAnH2Uri() {
        Map<String, String> without = iceberg();
        without.remove("iceberg.jdbc-uri");
        assertRejectedNaming(without, "iceberg.jdbc-uri");
        assertRejectedNaming(iceberg("iceberg.jdbc-uri", "jdbc:postgresql://db/catalog"), "iceberg.jdbc-uri");
        assertRejectedNaming(iceberg("iceberg.jdbc-uri", "jdbc:sqlite:/tmp/aq-lake-catalog.db"), "iceberg.jdbc-uri");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:h2:file:/tmp/catalog;DATABASE_TO_UPPER=FALSE",
        "jdbc:h2:file:/tmp/catalog;AUTO_SERVER=TRUE",
        "jdbc:h2:file:/tmp/catalog;AUTO_SERVER=TRUE;DATABASE_TO_UPPER=TRUE",
        "jdbc:h2:mem:catalog;DATABASE_TO_UPPER=FALSE"})
    void anH2UriThatOtherJvmsCannotOpenOrWhoseNamesAreUpperCaseIsRejectedNamingItsKey(String uri) {
        assertRejectedNaming(iceberg("iceberg.jdbc-uri", uri), "iceberg.jdbc-uri");
    }

    @Test
    void anH2ServerNeedsNoAutoServer() {
        String served = "jdbc:h2:tcp://catalog-host/data/catalog;DATABASE_TO_UPPER=FALSE";
        assertThat(JobConfig.from(iceberg("iceberg.jdbc-uri", served)).iceberg.orElseThrow().catalogUri())
                .contains(served);
    }

    @Test
    void theGlueCatalogIsRejectedAsNotBuiltYetNamingItsKey() {
        assertRejectedNaming(iceberg("iceberg.catalog-type", "glue"), "iceberg.catalog-type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Air", "air-quality", "1air", ""})
    void aDatabaseThatIsNotALowerCaseNameIsRejectedNamingItsKey(String database) {
        assertRejectedNaming(iceberg("iceberg.database", database), "iceberg.database");
    }

    @Test
    void anUnknownFormatIsRejectedNamingItsKey() {
        assertRejectedNaming(minimalWith("lake.format", "delta"), "lake.format");
    }

    @Test
    void theIcebergKeysAreIgnoredWithParquet() {
        assertThat(JobConfig.from(minimalWith("iceberg.catalog-type", "glue", "iceberg.warehouse", "s3://x/y")).iceberg)
                .isEmpty();
    }

    @Test
    void aRepairOfIcebergTablesIsRejectedNamingTheFormatAndTheRepair() {
        Map<String, String> repair = iceberg("repair.enabled", "true", "repair.from", RepairConfigTest.FROM,
                "repair.to", RepairConfigTest.TO);
        assertRejectedNaming(repair, "lake.format");
        assertRejectedNaming(repair, "repair.enabled");
    }

    @Test
    void aBackfillWritesIcebergTablesAsTheStreamDoes() {
        JobConfig cfg = JobConfig.from(iceberg("backfill.enabled", "true", "backfill.paths", "file:///tmp/readings"));
        assertThat(cfg.backfill).isPresent();
        assertThat(cfg.iceberg).isPresent();
    }
}
