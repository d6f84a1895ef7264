package org.aqlake.job.sql;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.AggregateWriteSupport;
import org.aqlake.job.sink.LateReadingsWriteSupport;
import org.aqlake.job.sink.DeadLetterEncoder;
import org.aqlake.job.sink.ReadingWriteSupport;
import org.aqlake.job.support.TestReadings;
import org.aqlake.udfs.sql.AqLakeFunctions;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flink SQL table files under {@code sql/tables/}, which {@code ./sql/console} runs as its init script
 * (and SqlConsoleIT runs against a real lake): their columns are the job's, their only placeholders are
 * the two the console fills in, and the function file registers exactly the udfs jar's functions.
 */
class FlinkSqlTablesTest {

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    static SqlDdl table(String file) throws IOException {
        return SqlDdl.read(SqlDdl.SQL.resolve("tables").resolve(file));
    }

    @Test
    void theFunctionFileIsExactlyTheRegistrationOfTheUdfsJarsFunctions() throws IOException {
        String text = SqlDdl.withoutComments(Files.readString(SqlDdl.SQL.resolve("tables/00_functions.sql"),
                StandardCharsets.UTF_8));
        List<String> statements = Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());

        assertThat(statements).containsExactlyElementsOf(AqLakeFunctions.createStatements());
    }

    @Test
    void theTableFilesUseNoPlaceholderButTheLakesTwo() throws IOException {
        for (Path file : SqlDdl.files("tables")) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                assertThat(m.group(1)).as("%s", file.getFileName()).isIn("transformed", "raw");
            }
        }
    }

    @Test
    void theReadingsTableHasTheParquetColumnsAndTheDefaultTemplatesPartitions() throws IOException {
        SqlDdl readings = table("01_readings.sql");

        assertThat(withoutPartitions(readings)).containsExactlyEntriesOf(flinkColumns(ReadingWriteSupport.SCHEMA));
        assertThat(readings.notNull).containsExactlyElementsOf(required(ReadingWriteSupport.SCHEMA));
        assertThat(readings.partitionColumns).containsOnlyKeys("year", "month", "day", "hour");
        assertThat(readings.properties).containsEntry("path", "${transformed}/readings").containsEntry("format", "parquet");
    }

    @Test
    void theAggregatesTableHasTheParquetColumnsAndTheDefaultTemplatesPartitions() throws IOException {
        SqlDdl aggregates = table("02_aggregates.sql");

        assertThat(withoutPartitions(aggregates)).containsExactlyEntriesOf(flinkColumns(AggregateWriteSupport.SCHEMA));
        assertThat(aggregates.notNull).containsExactlyElementsOf(required(AggregateWriteSupport.SCHEMA));
        assertThat(aggregates.partitionColumns).containsOnlyKeys("year", "month", "day", "hour");
        assertThat(aggregates.properties).containsEntry("path", "${transformed}/aggregates");
    }

    @Test
    void theLateReadingsTableSitsBeforeTheViewThatReadsItWithTheParquetColumnsAndTheAggregatesPartitions()
            throws IOException {
        String file = SqlDdl.withoutComments(Files.readString(SqlDdl.SQL.resolve("tables/02_aggregates.sql"),
                StandardCharsets.UTF_8));
        int create = file.indexOf("CREATE TABLE aggregates_late (");
        SqlDdl late = SqlDdl.of(file.substring(create));

        assertThat(create).isPositive().isLessThan(file.indexOf("CREATE VIEW aggregates_latest"));
        assertThat(withoutPartitions(late)).containsExactlyEntriesOf(flinkColumns(LateReadingsWriteSupport.SCHEMA));
        assertThat(late.notNull).containsExactlyElementsOf(required(LateReadingsWriteSupport.SCHEMA));
        assertThat(late.partitionColumns).containsOnlyKeys("year", "month", "day", "hour");
        assertThat(late.properties).containsEntry("path", "${transformed}/aggregates_late")
                .containsEntry("format", "parquet");
    }

    @Test
    void theErrorsTableHasTheFieldsOfADeadLetterLineAndItsTypeFolder() throws IOException {
        SqlDdl errors = table("03_errors.sql");
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        new DeadLetterEncoder().encode(DeadLetter.of(new KinesisRecord(TestReadings.utf8("{}"), "aq-readings",
                "shardId-000000000000", "1", "pk", TestReadings.BASE_TIME), ErrorType.SCHEMA_MISMATCH, "date.utc",
                "missing"), line);
        List<String> fields = new ArrayList<>();
        new ObjectMapper().readTree(line.toByteArray()).fieldNames().forEachRemaining(fields::add);

        assertThat(withoutPartitions(errors).keySet()).containsExactlyElementsOf(fields);
        assertThat(errors.partitionColumns).containsOnlyKeys("error");
        assertThat(errors.properties).containsEntry("path", "${transformed}/errors").containsEntry("format", "json");
    }

    @Test
    void theRawArchiveTableReadsTheRawPathWithTheErrorsLineageFields() throws IOException {
        SqlDdl raw = table("04_raw_archive.sql");
        List<String> lineage = new ArrayList<>(withoutPartitions(table("03_errors.sql")).keySet());
        lineage.removeAll(List.of("error_type", "reason", "field"));

        assertThat(withoutPartitions(raw).keySet()).containsExactlyElementsOf(lineage);
        assertThat(raw.partitionColumns).containsOnlyKeys("year", "month", "day", "hour");
        assertThat(raw.properties).containsEntry("path", "${raw}").containsEntry("format", "json");
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, String> withoutPartitions(SqlDdl table) {
        Map<String, String> columns = new LinkedHashMap<>(table.columns);
        columns.keySet().removeAll(table.partitionColumns.keySet());
        return columns;
    }

    static List<String> required(MessageType schema) {
        return schema.getFields().stream().filter(f -> f.isRepetition(Type.Repetition.REQUIRED)).map(Type::getName)
                .collect(Collectors.toList());
    }

    /** Parquet column to the Flink SQL type that reads it: UTC instants as TIMESTAMP_LTZ(3). */
    static Map<String, String> flinkColumns(MessageType schema) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Type field : schema.getFields()) {
            PrimitiveType p = field.asPrimitiveType();
            String type;
            switch (p.getPrimitiveTypeName()) {
                case INT64:
                    type = p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                            ? "TIMESTAMP_LTZ(3)" : "BIGINT";
                    break;
                case INT32:
                    type = "INT";
                    break;
                case DOUBLE:
                    type = "DOUBLE";
                    break;
                case BOOLEAN:
                    type = "BOOLEAN";
                    break;
                case BINARY:
                    type = "STRING";
                    break;
                default:
                    throw new AssertionError("no Flink type for " + p);
            }
            columns.put(field.getName(), type);
        }
        return columns;
    }
}
