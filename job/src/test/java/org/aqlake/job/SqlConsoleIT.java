package org.aqlake.job;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.PartitionCommitter;
import org.aqlake.job.source.KinesisRecordSchema;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.HoldBackTheLateReadings;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.SqlConsole;
import org.aqlake.job.support.SqlTestLake;
import org.aqlake.job.support.SyntheticAirQuality;
import org.aqlake.job.support.Tableau;
import org.aqlake.udfs.aqi.AqiCategory;
import org.aqlake.udfs.aqi.Averaging;
import org.aqlake.udfs.aqi.WhoGuideline;
import org.aqlake.udfs.units.Pollutant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every {@code .sql} file under {@code sql/} against a small lake the job writes in this test (readings,
 * aggregates with corrections, dead letters of every type, the raw archive, all on {@code file://}),
 * through {@code ./sql/console} itself, as a subprocess: the table files are its init script, each named
 * query runs with {@code -f}. The answers are checked against DuckDB over the same files, with queries
 * written for DuckDB independently, and the AQI categories and WHO levels against the pure functions.
 * The Athena DDL under {@code sql/athena/} is parsed by {@code AthenaDdlTest} instead (no Athena here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlConsoleIT {

    static final Logger LOG = LoggerFactory.getLogger(SqlConsoleIT.class);
    static final Path SQL = SqlConsole.projectRoot().resolve("sql");
    static final long HOUR = SyntheticAirQuality.HOUR;
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(120);
    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** The city and pollutant of query 02, as the file has them. */
    static final String TREND_CITY = "Beijing";
    static final String TREND_POLLUTANT = "pm25";

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().build();

    private Path dir;

    private Path transformed;
    private Path raw;
    private SqlTestLake.Input input;
    /** The console's output per query file: each runs once, for every test that looks at it. */
    private final Map<Path, SqlConsole.Run> runs = new ConcurrentHashMap<>();

    /** DuckDB's latest revision of every aggregate row, as the README tells readers to take it. */
    static final String LATEST = "SELECT * FROM read_parquet(?, hive_partitioning = true)"
            + " QUALIFY revision = max(revision) OVER (PARTITION BY location, city, country, parameter, unit,"
            + " window_start) AND count > 0";

    @BeforeAll
    void theJobWritesASmallLake(@InjectMiniCluster MiniCluster cluster, @TempDir Path dir) throws Exception {
        this.dir = dir;
        transformed = dir.resolve("transformed");
        raw = dir.resolve("raw");
        input = SqlTestLake.input();
        Map<String, String> flat = new HashMap<>();
        flat.put("lake.transformed-path", transformed.toUri().toString());
        flat.put("lake.raw-archive.enabled", "true");
        flat.put("lake.raw-path", raw.toUri().toString());
        // long enough that every held-back reading still corrects its window
        flat.put("aggregates.revision-retention", "48 h");
        JobConfig cfg = JobConfig.from(flat);

        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(500);
        DataStream<KinesisRecord> source = HoldBackTheLateReadings.apply(
                env.fromData(input.records, new KinesisRecordSchema().getProducedType()), input.inOrder,
                HOLD_TIMEOUT, () -> LAKE.metrics());
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        env.execute("sql-console-it");
        LOG.info("lake written: {} records, {} readings, {} dead letters", input.records.size(), input.readings,
                input.deadLetters);
    }

    // ---------------------------------------------------------------- every file is run

    static Stream<Path> sqlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SQL)) {
            return files.filter(f -> f.toString().endsWith(".sql"))
                    .filter(f -> !f.startsWith(SQL.resolve("target")))
                    .sorted()
                    .collect(Collectors.toList())
                    .stream();
        }
    }

    /** A recipe's {@code pipeline.sql}, which an IT of org.aqlake.job.pipeline names and runs. */
    static boolean isRunPipelineRecipe(Path file) {
        Path recipe = file.getParent();
        if (!file.getFileName().toString().equals("pipeline.sql")
                || !recipe.getParent().equals(SQL.resolve("pipelines"))) {
            return false;
        }
        Path tests = SqlConsole.projectRoot().resolve("job/src/test/java/org/aqlake/job/pipeline");
        try (Stream<Path> its = Files.list(tests)) {
            String name = recipe.getFileName().toString();
            return its.filter(f -> f.getFileName().toString().endsWith("IT.java"))
                    .anyMatch(f -> {
                        try {
                            return Files.readString(f).contains(name);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Path> namedQueries() throws IOException {
        return sqlFiles().filter(f -> f.getParent().equals(SQL.resolve("queries")));
    }

    static Stream<Path> tableFiles() throws IOException {
        return sqlFiles().filter(f -> f.getParent().equals(SQL.resolve("tables")));
    }

    @Test
    void everySqlFileIsATableFileANamedQueryAthenaDdlOrAPipelineRecipeSoThatSomeTestRunsIt()
            throws IOException {
        List<Path> elsewhere = sqlFiles()
                .filter(f -> !f.getParent().equals(SQL.resolve("tables")))
                .filter(f -> !f.getParent().equals(SQL.resolve("queries")))
                .filter(f -> !f.getParent().equals(SQL.resolve("athena")))
                // the Athena Iceberg DDL (AthenaIcebergDdlTest) and the Iceberg console's views (SqlConsoleIcebergIT)
                .filter(f -> !f.getParent().equals(SQL.resolve("athena/iceberg")))
                .filter(f -> !f.getParent().equals(SQL.resolve("iceberg")))
                .filter(f -> !isRunPipelineRecipe(f))
                .collect(Collectors.toList());

        assertThat(elsewhere).as("sql files no test runs").isEmpty();
        assertThat(tableFiles()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(namedQueries()).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void theInitScriptIsEveryTableFileWithTheLakeFilledIn() throws Exception {
        SqlConsole.Run run = SqlConsole.run("--lake", uri(transformed), "--raw", uri(raw), "--print-init");

        assertThat(run.exitCode).as("%s", run).isZero();
        for (Path table : tableFiles().collect(Collectors.toList())) {
            String text = Files.readString(table, StandardCharsets.UTF_8).strip()
                    .replace("${transformed}", uri(transformed))
                    .replace("${raw}", uri(raw));
            assertThat(run.output).as("%s rendered", table.getFileName()).contains(text);
        }
        assertThat(run.output).doesNotContain("${").contains("'path' = '" + uri(transformed) + "/readings'");
    }

    @Test
    void everyTableViewAndFunctionAnswersThroughTheConsoleOverTheLastLocalRunsLakeWithWhatDuckDbFinds()
            throws Exception {
        // the default lake: ./localstack/run's S3Proxy keeps each bucket as a folder under <data dir>/s3/
        Path dataDir = Files.createDirectories(dir.resolve("localstack-data"));
        Files.createDirectories(dataDir.resolve("s3"));
        Files.createSymbolicLink(dataDir.resolve("s3").resolve("aq-transformed"), transformed);
        Files.createSymbolicLink(dataDir.resolve("s3").resolve("aq-raw"), raw);

        SqlConsole.Run run = SqlConsole.run(Map.of("AQ_DATA_DIR", dataDir.toString()), "-f", everyTableFile());

        assertThat(run.exitCode).as("%s", run).isZero();
        assertEveryTableAnswersAsDuckDb(run);
        // the partitions' _SUCCESS files are there, and no table reads them as data
        assertThat(successFiles(transformed.resolve("readings"))).isPositive();
        assertThat(successFiles(transformed.resolve("aggregates"))).isPositive();
    }

    @Test
    void theConsoleReadsTheSameLakeFromS3ThroughAnEmulator() throws Exception {
        try (EmbeddedS3 s3 = new EmbeddedS3()) {
            upload(s3, "aq-transformed", transformed);
            upload(s3, "aq-raw", raw);

            // the raw bucket is not named: the console takes aq-raw beside aq-transformed
            SqlConsole.Run run = SqlConsole.run("--lake", "s3://aq-transformed", "--s3-endpoint", s3.endpoint(),
                    "--s3-access-key", EmbeddedS3.ACCESS_KEY, "--s3-secret-key", EmbeddedS3.SECRET_KEY,
                    "-f", everyTableFile());

            assertThat(run.exitCode).as("%s", run).isZero();
            assertEveryTableAnswersAsDuckDb(run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedQueries")
    void everyNamedQueryRunsThroughTheConsoleAndAnswersWithRows(Path query) throws Exception {
        SqlConsole.Run run = query(query.getFileName().toString());

        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(run.output).doesNotContain("[ERROR]");
        assertThat(run.table().rows).as("%s", run).isNotEmpty();
    }

    @Test
    void aStatementThatFailsMakesTheConsoleExitWithOneAfterTheStatementsBeforeIt() throws Exception {
        Path failing = Path.of(getClass().getResource("/sql-console/failing.sql").toURI());

        SqlConsole.Run run = SqlConsole.run("--lake", uri(transformed), "--raw", uri(raw), "-f", failing.toString());

        assertThat(run.exitCode).as("%s", run).isEqualTo(1);
        assertThat(run.output).contains("[ERROR] Could not execute SQL statement", "no_such_table",
                "console: a statement of").doesNotContain("never_reached");
        assertThat(run.table().rows).containsExactly(List.of("100"));
    }

    // ---------------------------------------------------------------- answers checked against DuckDB

    @Test
    void theLatestAqiPerCityIsWhatDuckDbFindsInTheSameFiles() throws Exception {
        Tableau shown = query("01_latest_aqi_per_city.sql").table();
        // a city is its name with its country
        List<Map<String, Object>> expected = DuckDb.query("WITH latest AS (" + LATEST + "),"
                + " hours AS (SELECT DISTINCT city, country, location, window_start, location_aqi, dominant_pollutant"
                + "   FROM latest WHERE location_aqi IS NOT NULL AND city IS NOT NULL)"
                + " SELECT city, country, epoch_ms(window_start) AS hour_ms, location_aqi AS aqi, dominant_pollutant,"
                + " location FROM hours QUALIFY row_number() OVER (PARTITION BY city, country"
                + " ORDER BY window_start DESC, location_aqi DESC, location) = 1"
                + " ORDER BY aqi DESC, city, country", aggregatesGlob());

        assertThat(shown.columns).containsExactly("city", "country", "aqi_hour", "aqi", "category",
                "dominant_pollutant", "worst_location");
        assertThat(expected).hasSize((int) Arrays.stream(SqlTestLake.CITIES).distinct().count());
        assertThat(shown.rows).containsExactlyElementsOf(expected.stream().map(r -> List.of(
                (String) r.get("city"), (String) r.get("country"), utc(r.get("hour_ms")), text(r.get("aqi")),
                AqiCategory.of(number(r.get("aqi"))).label(), (String) r.get("dominant_pollutant"),
                (String) r.get("location"))).collect(Collectors.toList()));
    }

    @Test
    void theHourlyTrendOfOneCityAndPollutantIsWhatDuckDbFindsInTheSameFiles() throws Exception {
        Tableau shown = query("02_hourly_trend_for_one_city_and_pollutant.sql").table();
        // the query converts to the reference unit; these readings are all in it already, which DuckDB checks
        List<Map<String, Object>> units = DuckDb.query("SELECT DISTINCT unit FROM read_parquet(?, hive_partitioning"
                + " = true) WHERE city = ? AND parameter = ?", readingsGlob(), TREND_CITY, TREND_POLLUTANT);
        List<Map<String, Object>> expected = DuckDb.query("WITH r AS (SELECT *, (epoch_ms(event_time) // 3600000)"
                + "   * 3600000 AS hour_ms FROM read_parquet(?, hive_partitioning = true) WHERE city = ? AND parameter = ?),"
                + " hourly AS (SELECT hour_ms, count(*) AS n, count(DISTINCT location) AS stations, avg(value) AS mean,"
                + "   max(value) AS highest FROM r GROUP BY hour_ms),"
                + " latest AS (" + LATEST + "),"
                + " aqi AS (SELECT epoch_ms(window_start) AS hour_ms, max(reference_unit) AS reference_unit,"
                + "   max(aqi) AS aqi FROM latest WHERE parameter = ? AND location IN (SELECT location FROM r)"
                + "   GROUP BY ALL)"
                + " SELECT h.*, a.reference_unit, a.aqi FROM hourly h LEFT JOIN aqi a ON h.hour_ms = a.hour_ms"
                + " ORDER BY h.hour_ms", readingsGlob(), TREND_CITY, TREND_POLLUTANT, aggregatesGlob(), TREND_POLLUTANT);

        assertThat(units).extracting(u -> u.get("unit")).containsExactly("\u00B5g/m\u00B3");
        assertThat(expected).hasSize(SyntheticAirQuality.HOURS);
        assertThat(shown.rows).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            String what = "hour " + utc(e.get("hour_ms"));
            assertThat(shown.cell(i, "hour_start")).as(what).isEqualTo(utc(e.get("hour_ms")));
            assertThat(shown.cell(i, "readings")).as(what).isEqualTo(text(e.get("n")));
            assertThat(shown.cell(i, "stations")).as(what).isEqualTo(text(e.get("stations")));
            assertThat(Double.parseDouble(shown.cell(i, "mean_value"))).as(what)
                    .isCloseTo((Double) e.get("mean"), within(0.0051));
            assertThat(Double.parseDouble(shown.cell(i, "max_value"))).as(what)
                    .isCloseTo((Double) e.get("highest"), within(0.0051));
            assertThat(shown.cell(i, "reference_unit")).as(what).isEqualTo(e.get("reference_unit"));
            assertThat(shown.cell(i, "aqi")).as(what).isEqualTo(text(e.get("aqi")));
            assertThat(shown.cell(i, "category")).as(what)
                    .isEqualTo(e.get("aqi") == null ? null : AqiCategory.of(number(e.get("aqi"))).label());
        }
        assertThat(shown.rows).as("hours with an AQI").anySatisfy(r -> assertThat(r.get(6)).isNotNull());
    }

    @Test
    void theMostPollutedLocationsOfTheLakesLast24HoursAreWhatDuckDbFindsInTheSameFiles() throws Exception {
        Tableau shown = query("03_most_polluted_locations_last_24_hours.sql").table();
        List<Map<String, Object>> expected = DuckDb.query("WITH latest AS (" + LATEST + "),"
                + " last_day AS (SELECT DISTINCT location, city, country, window_start, location_aqi FROM latest"
                + "   WHERE location_aqi IS NOT NULL"
                + "   AND window_start >= (SELECT max(window_end) FROM latest) - INTERVAL 24 HOUR)"
                + " SELECT d.location, d.city, d.country, count(*) AS hours, avg(d.location_aqi) AS mean_aqi,"
                + "   max(d.location_aqi) AS peak, sum(CASE WHEN d.location_aqi > 100 THEN 1 ELSE 0 END) AS above"
                + " FROM last_day d GROUP BY d.location, d.city, d.country"
                + " ORDER BY round(avg(d.location_aqi), 1) DESC, d.location LIMIT 10",
                aggregatesGlob());

        assertThat(expected).hasSize(SyntheticAirQuality.LOCATIONS.length);
        assertThat(shown.rows).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            String what = "row " + i + " " + e;
            assertThat(shown.cell(i, "location")).as(what).isEqualTo(e.get("location"));
            assertThat(shown.cell(i, "city")).as(what).isEqualTo(e.get("city"));
            assertThat(shown.cell(i, "country")).as(what).isEqualTo(e.get("country"));
            assertThat(shown.cell(i, "hours")).as(what).isEqualTo(text(e.get("hours")));
            assertThat(Double.parseDouble(shown.cell(i, "mean_aqi"))).as(what)
                    .isCloseTo((Double) e.get("mean_aqi"), within(0.051));
            assertThat(shown.cell(i, "peak_aqi")).as(what).isEqualTo(text(e.get("peak")));
            assertThat(shown.cell(i, "peak_category")).as(what)
                    .isEqualTo(AqiCategory.of(number(e.get("peak"))).label());
            assertThat(shown.cell(i, "hours_above_100")).as(what).isEqualTo(text(e.get("above")));
        }
        assertThat(shown.rows).extracting(r -> Integer.parseInt(r.get(shown.column("hours"))))
                .allSatisfy(h -> assertThat(h).isBetween(1, 24));
    }

    @Test
    void theHoursAboveTheWhoGuidelinesAreWhatDuckDbFindsInTheSameFiles() throws Exception {
        Tableau shown = query("04_hours_above_who_guidelines.sql").table();
        List<Map<String, Object>> expected = DuckDb.query("WITH latest AS (" + LATEST + ")"
                + " SELECT location, city, country, parameter, who_averaging, who_guideline,"
                + "   count(DISTINCT window_start) AS hours,"
                + "   epoch_ms(min(window_start)) AS first_ms, epoch_ms(max(window_start)) AS last_ms,"
                + "   max(who_mean) / max(who_guideline) AS multiple"
                + " FROM latest WHERE who_exceeds GROUP BY ALL ORDER BY hours DESC, location, city, country, parameter",
                aggregatesGlob());

        assertThat(expected).isNotEmpty();
        assertThat(shown.rows).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            String what = "row " + i + " " + e;
            WhoGuideline annual = WhoGuideline.of(Pollutant.fromName((String) e.get("parameter")), Averaging.ANNUAL);
            assertThat(shown.cell(i, "location")).as(what).isEqualTo(e.get("location"));
            assertThat(shown.cell(i, "city")).as(what).isEqualTo(e.get("city"));
            assertThat(shown.cell(i, "country")).as(what).isEqualTo(e.get("country"));
            assertThat(shown.cell(i, "parameter")).as(what).isEqualTo(e.get("parameter"));
            assertThat(shown.cell(i, "who_averaging")).as(what).isEqualTo(e.get("who_averaging"));
            assertThat(Double.parseDouble(shown.cell(i, "who_guideline"))).as(what).isEqualTo(e.get("who_guideline"));
            assertThat(shown.cell(i, "annual_guideline")).as(what)
                    .isEqualTo(annual == null ? null : String.valueOf(annual.level()));
            assertThat(shown.cell(i, "hours_above")).as(what).isEqualTo(text(e.get("hours")));
            assertThat(shown.cell(i, "first_hour")).as(what).isEqualTo(utc(e.get("first_ms")));
            assertThat(shown.cell(i, "last_hour")).as(what).isEqualTo(utc(e.get("last_ms")));
            assertThat((Double) e.get("multiple")).as(what).isGreaterThan(1.0);
            assertThat(Double.parseDouble(shown.cell(i, "worst_multiple"))).as(what)
                    .isCloseTo((Double) e.get("multiple"), within(0.0051));
        }
    }

    @Test
    void theDeadLettersByTypeAndDayAreWhatDuckDbFindsInTheSameFiles() throws Exception {
        Tableau shown = query("05_dead_letters_by_type_and_day.sql").table();
        List<Map<String, Object>> expected = DuckDb.query("SELECT substr(arrival_time, 1, 10) AS day, error_type,"
                + "   count(*) AS n, epoch_ms(min(CAST(arrival_time AS TIMESTAMP))) AS first_ms,"
                + "   epoch_ms(max(CAST(arrival_time AS TIMESTAMP))) AS last_ms, min(reason) AS reason"
                + " FROM read_json(?, format = 'newline_delimited',"
                + "   columns = {error_type: 'VARCHAR', reason: 'VARCHAR', arrival_time: 'VARCHAR'})"
                + " GROUP BY ALL ORDER BY day, error_type", errorsGlob());

        assertThat(expected.stream().map(e -> e.get("day")).distinct()).as("days").hasSize(2);
        assertThat(expected.stream().mapToLong(e -> number(e.get("n"))).sum()).isEqualTo(input.deadLetters);
        assertThat(shown.rows).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            String what = "row " + i + " " + e;
            assertThat(shown.cell(i, "arrival_day")).as(what).isEqualTo(e.get("day"));
            assertThat(shown.cell(i, "error_type")).as(what).isEqualTo(e.get("error_type"));
            assertThat(shown.cell(i, "dead_letters")).as(what).isEqualTo(text(e.get("n")));
            assertThat(shown.cell(i, "first_arrival")).as(what).isEqualTo(utc(e.get("first_ms")));
            assertThat(shown.cell(i, "last_arrival")).as(what).isEqualTo(utc(e.get("last_ms")));
            assertThat(Tableau.matches(shown.cell(i, "example_reason"), (String) e.get("reason")))
                    .as("%s: %s", what, shown.cell(i, "example_reason")).isTrue();
        }
    }

    @Test
    void theArrivalsByHourAreWhatDuckDbFindsAndTheRecordsNeitherRowNorDeadLetterAreTheConsentDenials()
            throws Exception {
        Tableau shown = query("06_arrivals_by_hour_and_outcome.sql").table();
        List<Map<String, Object>> expected = DuckDb.query("WITH raw AS (SELECT * FROM read_json(?,"
                + "   format = 'newline_delimited',"
                + "   columns = {shard_id: 'VARCHAR', sequence_number: 'VARCHAR', arrival_time: 'VARCHAR'})),"
                + " outcomes AS (SELECT shard_id, sequence_number, 'reading' AS outcome"
                + "   FROM read_parquet(?, hive_partitioning = true)"
                + "   UNION ALL SELECT shard_id, sequence_number, 'dead letter' AS outcome FROM read_json(?,"
                + "   format = 'newline_delimited', columns = {shard_id: 'VARCHAR', sequence_number: 'VARCHAR'}))"
                + " SELECT (epoch_ms(CAST(r.arrival_time AS TIMESTAMP)) // 3600000) * 3600000 AS hour_ms,"
                + "   count(*) AS received, count(*) FILTER (WHERE o.outcome = 'reading') AS readings,"
                + "   count(*) FILTER (WHERE o.outcome = 'dead letter') AS dead_letters,"
                + "   count(*) FILTER (WHERE o.outcome IS NULL) AS neither"
                + " FROM raw r LEFT JOIN outcomes o ON r.shard_id = o.shard_id AND r.sequence_number = o.sequence_number"
                + " GROUP BY ALL ORDER BY hour_ms", rawGlob(), readingsGlob(), errorsGlob());

        assertThat(shown.columns).containsExactly("arrival_hour", "received", "readings", "dead_letters",
                "consent_denied");
        assertThat(shown.rows).containsExactlyElementsOf(expected.stream().map(e -> List.of(utc(e.get("hour_ms")),
                text(e.get("received")), text(e.get("readings")), text(e.get("dead_letters")), text(e.get("neither"))))
                .collect(Collectors.toList()));
        assertThat(sum(shown, "received")).isEqualTo(input.records.size());
        assertThat(sum(shown, "readings")).isEqualTo(input.readings);
        assertThat(sum(shown, "dead_letters")).isEqualTo(input.deadLetters);
        assertThat(sum(shown, "consent_denied")).isEqualTo(input.consentDenied);
    }

    // ---------------------------------------------------------------- helpers

    /** The console's answer to a named query, over the test's lake; run once per file. */
    SqlConsole.Run query(String fileName) {
        Path file = SQL.resolve("queries").resolve(fileName);
        return runs.computeIfAbsent(file, f -> {
            try {
                return SqlConsole.run("--lake", uri(transformed), "--raw", uri(raw), "-f", f.toString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String everyTableFile() throws Exception {
        return Path.of(SqlConsoleIT.class.getResource("/sql-console/every-table.sql").toURI()).toString();
    }

    /** The six answers of every-table.sql, against DuckDB over the files and the records sent. */
    void assertEveryTableAnswersAsDuckDb(SqlConsole.Run run) throws Exception {
        List<Tableau> tables = run.tables();
        assertThat(tables).as("%s", run).hasSize(6);

        assertThat(tables.get(0).rows).containsExactly(List.of("100", "Moderate"));

        Map<String, Object> readings = DuckDb.query("SELECT count(*) AS n, count(DISTINCT device_id) AS devices,"
                + " epoch_ms(min(event_time)) AS first_ms, epoch_ms(max(arrival_time)) AS last_ms,"
                + " count(DISTINCT (year, month, day, hour)) AS partitions FROM read_parquet(?, hive_partitioning = true)",
                readingsGlob()).get(0);
        assertThat(number(readings.get("n"))).isEqualTo(input.readings);
        assertThat(tables.get(1).rows).containsExactly(List.of(text(readings.get("n")), text(readings.get("devices")),
                utc(readings.get("first_ms")), utc(readings.get("last_ms")), text(readings.get("partitions"))));

        Map<String, Object> aggregates = DuckDb.query("SELECT count(*) AS n, count(*) FILTER (WHERE revision > 0) AS"
                + " corrections, epoch_ms(min(window_start)) AS first_ms FROM read_parquet(?, hive_partitioning = true)",
                aggregatesGlob()).get(0);
        assertThat(number(aggregates.get("corrections"))).as("the held-back readings corrected aggregates").isPositive();
        assertThat(tables.get(2).rows).containsExactly(List.of(text(aggregates.get("n")),
                text(aggregates.get("corrections")), utc(aggregates.get("first_ms"))));

        Map<String, Object> latest = DuckDb.query("SELECT count(*) AS n, max(revision) AS highest FROM (" + LATEST + ")",
                aggregatesGlob()).get(0);
        assertThat(number(latest.get("n"))).isLessThan(number(aggregates.get("n")));
        assertThat(tables.get(3).rows).containsExactly(List.of(text(latest.get("n")), text(latest.get("highest"))));

        Map<String, Object> errors = DuckDb.query("SELECT count(*) AS n, count(DISTINCT error_type) AS types,"
                + " epoch_ms(min(CAST(arrival_time AS TIMESTAMP))) AS first_ms FROM read_json(?,"
                + " format = 'newline_delimited', columns = {error_type: 'VARCHAR', arrival_time: 'VARCHAR'})",
                errorsGlob()).get(0);
        assertThat(number(errors.get("n"))).isEqualTo(input.deadLetters);
        assertThat(tables.get(4).rows).containsExactly(List.of(text(errors.get("n")), "4", text(errors.get("n")),
                utc(errors.get("first_ms"))));

        Map<String, Object> archive = DuckDb.query("SELECT count(*) AS n, count(DISTINCT sequence_number) AS sequences,"
                + " epoch_ms(max(CAST(arrival_time AS TIMESTAMP))) AS last_ms FROM read_json(?,"
                + " format = 'newline_delimited', columns = {sequence_number: 'VARCHAR', arrival_time: 'VARCHAR'})",
                rawGlob()).get(0);
        assertThat(number(archive.get("n"))).isEqualTo(input.records.size());
        assertThat(tables.get(5).rows).containsExactly(List.of(text(archive.get("n")), text(archive.get("sequences")),
                utc(archive.get("last_ms"))));
    }

    static long successFiles(Path table) throws IOException {
        try (Stream<Path> walk = Files.walk(table)) {
            return walk.filter(f -> f.getFileName().toString().equals(PartitionCommitter.SUCCESS_FILE)).count();
        }
    }

    static void upload(EmbeddedS3 s3, String bucket, Path folder) throws IOException {
        s3.createBucket(bucket);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path f : files) {
            String key = folder.relativize(f).toString();
            s3.blobStore().putBlob(bucket, s3.blobStore().blobBuilder(key).payload(f.toFile())
                    .contentLength(Files.size(f)).build());
        }
    }

    static String uri(Path p) {
        String u = p.toUri().toString();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    String readingsGlob() {
        return DuckDb.parquetGlob(transformed.resolve("readings"));
    }

    String aggregatesGlob() {
        return DuckDb.parquetGlob(transformed.resolve("aggregates"));
    }

    String errorsGlob() {
        return transformed.resolve("errors").toAbsolutePath() + "/**/*.jsonl";
    }

    String rawGlob() {
        return raw.toAbsolutePath() + "/**/*.jsonl.gz";
    }

    static String utc(Object epochMillis) {
        return SHOWN.format(Instant.ofEpochMilli(((Number) epochMillis).longValue()));
    }

    static long sum(Tableau table, String column) {
        return table.rows.stream().mapToLong(r -> Long.parseLong(r.get(table.column(column)))).sum();
    }

    static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    static int number(Object value) {
        return ((Number) Objects.requireNonNull(value)).intValue();
    }

}
