package org.aqlake.job.sql;

import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.LakeTable;
import org.aqlake.job.iceberg.ReadingRows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Athena DDL of {@code lake.format=iceberg} under {@code sql/athena/iceberg/}, parsed and held to the
 * job (no Athena is reachable from here): the readings table has the job's columns in the job's order,
 * with the types Athena's Iceberg DDL can create, the job's default partition spec and its ZSTD Parquet
 * files; and the latest-revision view is the aggregates table itself.
 */
class AthenaIcebergDdlTest {

    static final String FOLDER = "athena/iceberg";
    /** Athena's Iceberg transforms by Iceberg's own names of them (a transform's toString). */
    static final Map<String, String> TRANSFORMS = Map.of("hour", "hour", "day", "day", "month", "month", "year", "year",
            "identity", "");
    /** The type Athena's Iceberg DDL writes for each Iceberg type the job uses (timestamptz it cannot create). */
    static final Map<Type.TypeID, String> ATHENA_TYPES = Map.of(Type.TypeID.TIMESTAMP, "timestamp",
            Type.TypeID.STRING, "string", Type.TypeID.DOUBLE, "double", Type.TypeID.BOOLEAN, "boolean",
            Type.TypeID.INTEGER, "int", Type.TypeID.LONG, "bigint");
    static final Pattern PARTITIONED_BY = Pattern.compile("^PARTITIONED BY \\((.*)\\)$", Pattern.MULTILINE);

    static Path file(String name) {
        return SqlDdl.SQL.resolve(FOLDER).resolve(name);
    }

    @Test
    void theFolderHoldsTheReadingsTableAndTheLatestRevisionView() throws IOException {
        assertThat(SqlDdl.files(FOLDER)).extracting(p -> p.getFileName().toString())
                .containsExactly("01_readings.sql", "02_aggregates_latest.sql");
    }

    @Test
    void theReadingsTableHasTheJobsColumnsInTheJobsOrderWithTypesAthenaCanCreate() throws IOException {
        SqlDdl ddl = SqlDdl.read(file("01_readings.sql"));
        Map<String, String> expected = new LinkedHashMap<>();
        for (Types.NestedField f : ReadingRows.SCHEMA.columns()) {
            expected.put(f.name(), ATHENA_TYPES.get(f.type().typeId()));
        }

        assertThat(ddl.name).isEqualTo(LakeTable.READINGS.tableName);
        assertThat(ddl.columns).containsExactlyEntriesOf(expected);
        assertThat(expected).doesNotContainValue(null);
    }

    @Test
    void theReadingsTableIsPartitionedByTheJobsDefaultSpecWithHiddenPartitioning() throws IOException {
        String text = SqlDdl.withoutComments(Files.readString(file("01_readings.sql"), StandardCharsets.UTF_8));
        Matcher m = PARTITIONED_BY.matcher(text);
        assertThat(m.find()).as("PARTITIONED BY in:%n%s", text).isTrue();
        PartitionSpec jobs = JobConfig.from(Map.of("lake.transformed-path", "file:///tmp/lake", "lake.format", "iceberg",
                "iceberg.warehouse", "file:///tmp/warehouse", "iceberg.jdbc-uri",
                "jdbc:h2:file:/tmp/catalog;AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE"))
                .iceberg.orElseThrow().readingsSpec();

        List<String> athena = List.of(m.group(1).split(",\\s*"));
        List<String> fromTheJob = jobs.fields().stream().map(f -> athena(f, jobs)).collect(Collectors.toList());

        assertThat(athena).isEqualTo(fromTheJob).containsExactly("hour(event_time)");
    }

    @Test
    void theReadingsTableIsAnIcebergTableOfZstdParquetFilesWhereTheGlueCatalogPutsIt() throws IOException {
        SqlDdl ddl = SqlDdl.read(file("01_readings.sql"));

        assertThat(ddl.text).doesNotContain("EXTERNAL").contains("CREATE TABLE readings (", "TBLPROPERTIES (");
        assertThat(ddl.properties).containsExactly(Map.entry("table_type", "ICEBERG"), Map.entry("format", "parquet"),
                Map.entry("write_compression", "zstd"));
        assertThat(ddl.location).isEqualTo("${warehouse}/aq_lake.db/readings/");
    }

    @Test
    void theLatestRevisionViewIsTheAggregatesThemselvesForACorrectionReplacesItsRow() throws IOException {
        String text = SqlDdl.withoutComments(Files.readString(file("02_aggregates_latest.sql"), StandardCharsets.UTF_8))
                .strip();

        assertThat(text).isEqualTo("CREATE OR REPLACE VIEW aggregates_latest AS\nSELECT * FROM aggregates");
    }

    /** A partition field as Athena's DDL writes it: {@code hour(event_time)}, or the column for identity. */
    static String athena(PartitionField field, PartitionSpec spec) {
        String column = spec.schema().findColumnName(field.sourceId());
        String transform = TRANSFORMS.get(field.transform().toString());
        assertThat(transform).as("Athena's name of %s", field.transform()).isNotNull();
        return transform.isEmpty() ? column : transform + "(" + column + ")";
    }
}
