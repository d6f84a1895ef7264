package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary of a lake with Iceberg tables, over a real JDBC catalog on an embedded H2 file with tables
 * written here through Iceberg's own writers: rows come from the current snapshot, a row written twice
 * (the same Kinesis record in two data files, which a count alone cannot tell from a loss elsewhere)
 * leaves the lake incomplete, and the tables the catalog lacks are named and read from their folders.
 */
class IcebergLakeTest {

    static final Schema READINGS = new Schema(
            Types.NestedField.required(1, "shard_id", Types.StringType.get()),
            Types.NestedField.required(2, "sequence_number", Types.StringType.get()),
            Types.NestedField.required(3, "value", Types.DoubleType.get()));

    static final Schema ERRORS = new Schema(
            Types.NestedField.required(1, "error_type", Types.StringType.get()),
            Types.NestedField.optional(2, "stream", Types.StringType.get()),
            Types.NestedField.optional(3, "shard_id", Types.StringType.get()),
            Types.NestedField.optional(4, "sequence_number", Types.StringType.get()));

    @TempDir
    Path dir;

    private Catalog catalog;
    private IcebergLake lake;
    private Table readings;
    private int files;

    @BeforeEach
    void createTheReadingsTableInAnH2Catalog() {
        String uri = "jdbc:h2:file:" + dir.resolve("iceberg/catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE";
        String warehouse = dir.resolve("iceberg/warehouse").toUri().toString();
        catalog = CatalogUtil.loadCatalog(JdbcCatalog.class.getName(), IcebergLake.CATALOG_NAME, Map.of(
                CatalogProperties.URI, uri, CatalogProperties.WAREHOUSE_LOCATION, warehouse,
                IcebergLake.SCHEMA_VERSION, "V1"),
                new org.apache.hadoop.conf.Configuration());
        ((SupportsNamespaces) catalog).createNamespace(Namespace.of(IcebergLake.DEFAULT_DATABASE));
        readings = catalog.createTable(TableIdentifier.of(IcebergLake.DEFAULT_DATABASE, LakeSummary.READINGS), READINGS,
                PartitionSpec.unpartitioned());
        lake = new IcebergLake(uri, warehouse, IcebergLake.DEFAULT_DATABASE, dir.resolve("s3"));
    }

    @AfterEach
    void closeTheCatalog() throws Exception {
        ((AutoCloseable) catalog).close();
    }

    /** Appends one data file of these (shard, sequence number) rows as one snapshot. */
    void append(List<String[]> rows) throws Exception {
        List<Record> records = new java.util.ArrayList<>();
        for (String[] r : rows) {
            GenericRecord record = GenericRecord.create(READINGS);
            record.setField("shard_id", r[0]);
            record.setField("sequence_number", r[1]);
            record.setField("value", 1.0);
            records.add(record);
        }
        append(readings, records);
    }

    void append(Table table, List<Record> records) throws Exception {
        Path file = dir.resolve("iceberg/file-" + files++ + ".parquet");
        DataWriter<Record> writer = new GenericAppenderFactory(table.schema()).newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(file.toUri().toString())),
                FileFormat.PARQUET, null);
        try (writer) {
            for (Record r : records) {
                writer.write(r);
            }
        }
        DataFile data = writer.toDataFile();
        table.newAppend().appendFile(data).commit();
        table.refresh();
    }

    static Record deadLetter(String type, String stream, String shard, String sequence) {
        GenericRecord r = GenericRecord.create(ERRORS);
        r.setField("error_type", type);
        r.setField("stream", stream);
        r.setField("shard_id", shard);
        r.setField("sequence_number", sequence);
        return r;
    }

    LakeSummary summary(long sent) throws Exception {
        LakeFolders folders = new LakeFolders(dir.resolve("s3/t/readings"), dir.resolve("s3/t/errors"), null,
                dir.resolve("s3/t/aggregates")).withIceberg(Optional.of(lake));
        return LakeSummary.read(folders, sent);
    }

    @Test
    void theReadingsAreCountedFromTheCurrentSnapshotEachOnce() throws Exception {
        append(List.<String[]>of(new String[] {"shard-0", "1"}, new String[] {"shard-0", "2"}));
        append(List.<String[]>of(new String[] {"shard-1", "1"}));

        LakeSummary summary = summary(3);

        assertThat(summary.tables.get(LakeSummary.READINGS).rows).isEqualTo(3);
        assertThat(summary.tables.get(LakeSummary.READINGS).files).isEqualTo(2);
        assertThat(summary.iceberg.get(LakeSummary.READINGS).snapshotId)
                .isEqualTo(readings.currentSnapshot().snapshotId());
        assertThat(summary.iceberg.get(LakeSummary.READINGS).distinctKeys).isEqualTo(3);
        assertThat(summary.writtenTwice()).isZero();
        assertThat(summary.complete()).isTrue();
        JsonNode json = summary.toJson();
        assertThat(json.get("format").asText()).isEqualTo("iceberg");
        assertThat(json.get("tables").get(LakeSummary.READINGS).asText())
                .isEqualTo(dir.resolve("iceberg/warehouse/aq_lake/readings").toString());
    }

    @Test
    void aRecordWrittenTwiceLeavesTheLakeIncompleteThoughTheCountMatches() throws Exception {
        append(List.<String[]>of(new String[] {"shard-0", "1"}, new String[] {"shard-0", "2"}));
        // the second copy of record 2, and record 3 lost: three rows for three records sent
        append(List.<String[]>of(new String[] {"shard-0", "2"}));

        LakeSummary summary = summary(3);

        assertThat(summary.recordsCommitted()).isEqualTo(3);
        assertThat(summary.writtenTwice()).isEqualTo(1);
        assertThat(summary.complete()).isFalse();
        assertThat(summary.counts()).contains("1 Iceberg rows written twice");
        assertThat(summary.toJson().get("iceberg").get("rows_written_twice").get(LakeSummary.READINGS).asLong())
                .isEqualTo(1);
    }

    @Test
    void theDrainsPollCountsTheSameRowsFromTheFilesMetadataAndLeavesTheKeysToTheSummary() throws Exception {
        append(List.<String[]>of(new String[] {"shard-0", "1"}, new String[] {"shard-0", "2"}));
        append(List.<String[]>of(new String[] {"shard-0", "2"}));
        LakeFolders folders = new LakeFolders(dir.resolve("s3/t/readings"), dir.resolve("s3/t/errors"), null)
                .withIceberg(Optional.of(lake));

        LakeSummary polled = LakeSummary.count(folders, 3);
        LakeSummary summed = LakeSummary.read(folders, 3);

        assertThat(polled.tables.get(LakeSummary.READINGS).rows).isEqualTo(3)
                .isEqualTo(summed.tables.get(LakeSummary.READINGS).rows);
        assertThat(polled.tables.get(LakeSummary.READINGS).files).isEqualTo(2);
        assertThat(polled.writtenTwice()).isZero();
        assertThat(summed.writtenTwice()).isEqualTo(1);
    }

    @Test
    void deadLettersAreCountedByTypeAndThoseWithoutLineageAreNoKeyWrittenTwice() throws Exception {
        append(List.<String[]>of(new String[] {"shard-0", "1"}));
        Table errors = catalog.createTable(TableIdentifier.of(IcebergLake.DEFAULT_DATABASE, LakeSummary.ERRORS),
                ERRORS, PartitionSpec.unpartitioned());
        append(errors, List.of(deadLetter("json-parse-failed", "aq-readings", "shard-0", "2"),
                deadLetter("schema-mismatch", null, null, null), deadLetter("schema-mismatch", null, null, null)));

        LakeSummary summary = summary(4);

        assertThat(summary.tables.get(LakeSummary.ERRORS).rows).isEqualTo(3);
        assertThat(summary.deadLetters).containsEntry("json-parse-failed", 1L).containsEntry("schema-mismatch", 2L);
        assertThat(summary.iceberg.get(LakeSummary.ERRORS).rowsWithKey).isEqualTo(1);
        assertThat(summary.writtenTwice()).isZero();
        assertThat(summary.complete()).isTrue();
        assertThat(summary.icebergTablesAbsent()).containsExactly(LakeSummary.AGGREGATES);

        append(errors, List.of(deadLetter("json-parse-failed", "aq-readings", "shard-0", "2")));

        assertThat(summary(4).writtenTwice()).isEqualTo(1);
    }

    @Test
    void theTablesTheCatalogLacksAreNamedAndCountedFromTheirFolders() throws Exception {
        append(List.<String[]>of(new String[] {"shard-0", "1"}));

        LakeSummary summary = summary(1);

        assertThat(summary.icebergTablesAbsent()).containsExactly(LakeSummary.ERRORS, LakeSummary.AGGREGATES);
        JsonNode json = summary.toJson();
        assertThat(json.get("iceberg").get("tables_absent")).extracting(JsonNode::asText)
                .containsExactly(LakeSummary.ERRORS, LakeSummary.AGGREGATES);
        assertThat(json.get("tables").get(LakeSummary.ERRORS).asText()).isEqualTo(dir.resolve("s3/t/errors").toString());
        assertThat(json.get("rows").get(LakeSummary.ERRORS).asLong()).isZero();
    }

    @Test
    void aTableWithoutASnapshotHasNoRows() throws Exception {
        LakeSummary summary = summary(0);

        assertThat(summary.tables.get(LakeSummary.READINGS).rows).isZero();
        assertThat(summary.iceberg.get(LakeSummary.READINGS).snapshotId).isEqualTo(-1);
    }

    @Test
    void theConfigNamesTheCatalogWithLakeFormatIcebergOnly() {
        Map<String, String> iceberg = Map.of("lake.format", "ICEBERG", "iceberg.jdbc-uri", "jdbc:h2:file:/x/catalog",
                "iceberg.warehouse", "file:///x/warehouse");

        assertThat(IcebergLake.fromConfig(Map.of(), dir)).isEmpty();
        assertThat(IcebergLake.fromConfig(iceberg, dir)).get().satisfies(l -> {
            assertThat(l.catalogUri).isEqualTo("jdbc:h2:file:/x/catalog");
            assertThat(l.database).isEqualTo(IcebergLake.DEFAULT_DATABASE);
        });
    }
}
