package org.aqlake.job.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;

import org.aqlake.job.sink.PartitionTime;
import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.LateReadings;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.AggregateWriteSupport;
import org.aqlake.job.sink.DeadLetterEncoder;
import org.aqlake.job.sink.LakeBuckets;
import org.aqlake.job.sink.LateReadingsWriteSupport;
import org.aqlake.job.sink.PartitionBucketAssigner;
import org.aqlake.job.sink.RawArchiveWriter;
import org.aqlake.job.sink.ReadingWriteSupport;
import org.aqlake.job.support.TestReadings;
import org.aqlake.udfs.partition.PartitionTemplate;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Athena DDL under {@code sql/athena/}, parsed and checked, since no Athena is reachable from here:
 * every table projects its partitions (no crawler, no MSCK REPAIR TABLE), the projection's ranges and
 * {@code storage.location.template} produce exactly the folders the job's bucket assigners write, the
 * columns are the ones the job's writers write, and the readings table is the Glue table of the
 * CloudFormation stack.
 */
class AthenaDdlTest {

    static final Path TEMPLATE = Path.of("..", "config", "cloudformation", "aq-lake.json");
    static final String TRANSFORMED = "${transformed}";
    static final String RAW = "${raw}";
    /** Instants at the edges of the calendar: the first and last hour of a year, a leap day, month ends. */
    static final List<Long> INSTANTS = List.of("2000-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2024-05-01T10:30:00Z",
            "2031-12-31T23:00:00Z", "2099-06-30T12:00:00Z").stream()
            .map(t -> Instant.parse(t).toEpochMilli()).collect(Collectors.toList());

    static Map<String, SqlDdl> tables;
    static String view;

    @BeforeAll
    static void readTheAthenaDdl() throws IOException {
        tables = new LinkedHashMap<>();
        for (Path file : SqlDdl.files("athena")) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.contains("CREATE OR REPLACE VIEW")) {
                view = SqlDdl.withoutComments(text);
            } else {
                SqlDdl ddl = SqlDdl.read(file);
                tables.put(ddl.name, ddl);
            }
        }
    }

    @Test
    void thereIsOneTableForEveryTableTheJobWritesAndTheLatestRevisionView() {
        assertThat(tables.keySet()).containsExactly("readings", "aggregates", "aggregates_late", "errors", "raw_archive");
        assertThat(view).startsWith("CREATE OR REPLACE VIEW aggregates_latest AS");
    }

    @Test
    void everyTableProjectsEachOfItsPartitionColumnsSoThatNoCrawlerOrRepairIsNeeded() {
        tables.values().forEach(t -> {
            assertThat(t.properties).as(t.name).containsEntry("projection.enabled", "true");
            assertThat(t.partitionColumns).as(t.name).isNotEmpty();
            for (String column : t.partitionColumns.keySet()) {
                String type = t.properties.get("projection." + column + ".type");
                assertThat(type).as("%s.%s", t.name, column).isIn("integer", "enum");
                if (type.equals("integer")) {
                    int[] range = Arrays.stream(t.properties.get("projection." + column + ".range").split(","))
                            .mapToInt(Integer::parseInt).toArray();
                    assertThat(range).as("%s.%s", t.name, column).hasSize(2);
                    assertThat(range[0]).as("%s.%s", t.name, column).isLessThanOrEqualTo(range[1]);
                    assertThat(t.partitionColumns.get(column)).isEqualTo("int");
                } else {
                    assertThat(t.properties.get("projection." + column + ".values")).isNotBlank();
                }
                assertThat(t.properties.get("storage.location.template")).contains("${" + column + "}");
            }
            assertThat(t.properties.get("storage.location.template")).as(t.name).startsWith(t.location);
        });
    }

    @Test
    void theProjectedRangesCoverTheCalendar() {
        for (SqlDdl t : tables.values()) {
            assertThat(range(t, "month")).as(t.name).containsExactly(1, 12);
            assertThat(range(t, "day")).as(t.name).containsExactly(1, 31);
            if (t.partitionColumns.containsKey("hour")) {
                assertThat(range(t, "hour")).as(t.name).containsExactly(0, 23);
            }
            assertThat(range(t, "year")[0]).as(t.name).isLessThanOrEqualTo(2000);
            assertThat(range(t, "year")[1]).as(t.name).isGreaterThanOrEqualTo(2099);
        }
    }

    @Test
    void theReadingsProjectionNamesTheFoldersTheReadingsSinkWrites() {
        PartitionBucketAssigner<Reading> assigner = LakeBuckets.readings(defaultTemplate(), PartitionTime.EVENT);
        assertProjectionWritesTheJobsFolders(tables.get("readings"), TRANSFORMED + "/readings/", t -> {
            Reading r = new Reading();
            r.eventTime = t;
            r.arrivalTime = t;
            return assigner.getBucketId(r, null);
        }, Map.of());
    }

    @Test
    void theAggregatesProjectionNamesTheFoldersTheAggregatesSinkWrites() {
        PartitionBucketAssigner<Aggregate> assigner = LakeBuckets.aggregates(defaultTemplate());
        assertProjectionWritesTheJobsFolders(tables.get("aggregates"), TRANSFORMED + "/aggregates/", t -> {
            Aggregate a = new Aggregate();
            a.windowStart = t;
            return assigner.getBucketId(a, null);
        }, Map.of());
    }

    @Test
    void theLateReadingsProjectionNamesTheFoldersTheLateReadingsSinkWrites() {
        PartitionBucketAssigner<LateReadings> assigner = LakeBuckets.aggregatesLate(defaultTemplate());
        assertProjectionWritesTheJobsFolders(tables.get("aggregates_late"), TRANSFORMED + "/aggregates_late/", t -> {
            LateReadings l = new LateReadings();
            l.windowStart = t;
            return assigner.getBucketId(l, null);
        }, Map.of());
    }

    @Test
    void theRawArchiveProjectionNamesTheFoldersTheRawArchiveWrites() {
        PartitionBucketAssigner<KinesisRecord> assigner =
                LakeBuckets.raw(PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE));
        assertProjectionWritesTheJobsFolders(tables.get("raw_archive"), RAW + "/", t -> assigner.getBucketId(
                new KinesisRecord(new byte[0], "s", "shard", "1", "pk", t), null), Map.of());
    }

    @Test
    void theErrorsProjectionNamesEveryDeadLetterTypeAndTheDateFoldersTheDeadLetterSinkWrites() {
        SqlDdl errors = tables.get("errors");
        List<String> types = Arrays.stream(ErrorType.values()).map(ErrorType::id).collect(Collectors.toList());

        assertThat(errors.properties.get("projection.error.values").split(",")).containsExactlyInAnyOrderElementsOf(types);
        PartitionBucketAssigner<DeadLetter> assigner = LakeBuckets.deadLetters();
        for (ErrorType type : ErrorType.values()) {
            assertProjectionWritesTheJobsFolders(errors, TRANSFORMED + "/errors/", t -> {
                DeadLetter d = new DeadLetter();
                d.errorType = type;
                d.arrivalTime = t;
                return assigner.getBucketId(d, null);
            }, Map.of("error", type.id()));
        }
    }

    @Test
    void theParquetTablesHaveTheColumnsAndTypesTheJobsWritersWrite() {
        assertThat(tables.get("readings").columns).containsExactlyEntriesOf(hiveColumns(ReadingWriteSupport.SCHEMA));
        assertThat(tables.get("aggregates").columns).containsExactlyEntriesOf(hiveColumns(AggregateWriteSupport.SCHEMA));
        assertThat(tables.get("aggregates_late").columns)
                .containsExactlyEntriesOf(hiveColumns(LateReadingsWriteSupport.SCHEMA));
    }

    @Test
    void theJsonTablesHaveTheFieldsOfTheLinesTheJobWrites(@TempDir Path dir) throws IOException {
        KinesisRecord record = new KinesisRecord(TestReadings.utf8("{\"x\":1}"), "aq-readings", "shardId-000000000000",
                "42", "pk", TestReadings.BASE_TIME);
        ByteArrayOutputStream deadLetter = new ByteArrayOutputStream();
        new DeadLetterEncoder().encode(DeadLetter.of(record, ErrorType.SCHEMA_MISMATCH, "date.utc", "missing"),
                deadLetter);

        assertThat(tables.get("errors").columns.keySet()).containsExactlyElementsOf(fields(deadLetter.toByteArray()));
        assertThat(tables.get("errors").columns.values()).containsOnly("string");
        assertThat(tables.get("raw_archive").columns.keySet()).containsExactlyElementsOf(fields(rawLine(record, dir)));
        assertThat(tables.get("raw_archive").columns.values()).containsOnly("string");
    }

    @Test
    void theReadingsTableIsTheGlueTableOfTheCloudFormationStack() throws IOException {
        JsonNode glue = new ObjectMapper().readTree(TEMPLATE.toFile()).at("/Resources/ReadingsTable/Properties/TableInput");
        SqlDdl readings = tables.get("readings");

        assertThat(readings.columns).containsExactlyEntriesOf(glueColumns(glue.at("/StorageDescriptor/Columns")));
        assertThat(readings.partitionColumns).containsExactlyEntriesOf(glueColumns(glue.at("/PartitionKeys")));
        Map<String, String> glueProjection = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = glue.get("Parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (p.getKey().startsWith("projection.")) {
                glueProjection.put(p.getKey(), p.getValue().asText());
            }
        }
        Map<String, String> athenaProjection = new TreeMap<>(readings.properties);
        athenaProjection.keySet().removeIf(k -> !k.startsWith("projection."));
        assertThat(athenaProjection).isEqualTo(glueProjection);
        // the stack's Fn::Sub spells the bucket ${TransformedBucket} and Athena's own placeholders ${!year}
        String glueTemplate = glue.at("/Parameters/storage.location.template/Fn::Sub").asText()
                .replace("s3://${TransformedBucket}", TRANSFORMED).replace("${!", "${");
        assertThat(readings.properties.get("storage.location.template")).isEqualTo(glueTemplate);
    }

    @Test
    void theLatestRevisionViewSelectsEveryColumnOfTheAggregatesAndKeepsTheHighestRevisionWithItsMissingReadings() {
        List<String> all = new ArrayList<>(tables.get("aggregates").columns.keySet());
        all.add("coalesce(m.readings, 0) AS readings_missing");
        all.addAll(tables.get("aggregates").partitionColumns.keySet());
        String selected = view.substring(view.indexOf("SELECT") + 6, view.indexOf("FROM (")).replace("\"", "");

        assertThat(Arrays.stream(selected.split(",(?![^(]*\\))")).map(c -> c.trim().replaceFirst("^a\\.", ""))
                .collect(Collectors.toList())).containsExactlyElementsOf(all);
        assertThat(view).contains("PARTITION BY location, city, country, \"parameter\", unit, window_start ORDER BY revision DESC",
                "JOIN aggregates_late AS l", "l.arrival_time > r.arrivals_until", "WHERE a.newest_first = 1");
    }

    // ---------------------------------------------------------------- helpers

    static PartitionTemplate defaultTemplate() {
        return PartitionTemplate.compile(PartitionTemplate.DEFAULT_TEMPLATE, org.aqlake.job.sink.ReadingColumns.PARTITION_KEYS);
    }

    static int[] range(SqlDdl t, String column) {
        return Arrays.stream(t.properties.get("projection." + column + ".range").split(","))
                .mapToInt(Integer::parseInt).toArray();
    }

    /**
     * For instants across the calendar: the values Athena projects for the instant's partition (inside the
     * projection's ranges) fill storage.location.template to the folder the job's bucket assigner writes.
     */
    static void assertProjectionWritesTheJobsFolders(SqlDdl table, String tableRoot, LongFunction<String> bucketOf,
            Map<String, Object> otherValues) {
        assertThat(table.location).isEqualTo(tableRoot);
        for (long t : INSTANTS) {
            ZonedDateTime z = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC);
            Map<String, Object> values = new LinkedHashMap<>(otherValues);
            values.put("year", z.getYear());
            values.put("month", z.getMonthValue());
            values.put("day", z.getDayOfMonth());
            values.put("hour", z.getHour());
            values.keySet().retainAll(table.partitionColumns.keySet());
            values.forEach((column, v) -> {
                if (v instanceof Integer) {
                    int[] range = range(table, column);
                    assertThat((Integer) v).as("%s.%s", table.name, column).isBetween(range[0], range[1]);
                }
            });

            assertThat(table.project(table.properties.get("storage.location.template"), values))
                    .as("%s at %s", table.name, z).isEqualTo(tableRoot + bucketOf.apply(t) + "/");
        }
    }

    /** Parquet column to Hive type, as Athena reads the job's files. */
    static Map<String, String> hiveColumns(MessageType schema) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Type field : schema.getFields()) {
            PrimitiveType p = field.asPrimitiveType();
            String type;
            switch (p.getPrimitiveTypeName()) {
                case INT64:
                    type = p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                            ? "timestamp" : "bigint";
                    break;
                case INT32:
                    type = "int";
                    break;
                case DOUBLE:
                    type = "double";
                    break;
                case BOOLEAN:
                    type = "boolean";
                    break;
                case BINARY:
                    type = "string";
                    break;
                default:
                    throw new AssertionError("no Hive type for " + p);
            }
            columns.put(field.getName(), type);
        }
        return columns;
    }

    static Map<String, String> glueColumns(JsonNode columns) {
        Map<String, String> m = new LinkedHashMap<>();
        columns.forEach(c -> m.put(c.get("Name").asText(), c.get("Type").asText()));
        return m;
    }

    static List<String> fields(byte[] jsonLine) throws IOException {
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(jsonLine).fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** One line of the raw archive, as its writer writes it (gzip), read back. */
    static byte[] rawLine(KinesisRecord record, Path dir) throws IOException {
        org.apache.flink.core.fs.Path file = new org.apache.flink.core.fs.Path(dir.resolve("part-0.jsonl.gz").toUri());
        try (FSDataOutputStream out = file.getFileSystem().create(file, WriteMode.NO_OVERWRITE)) {
            BulkWriter<KinesisRecord> writer = RawArchiveWriter.factory().create(out);
            writer.addElement(record);
            writer.finish();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("part-0.jsonl.gz")))) {
            return in.readAllBytes();
        }
    }
}
