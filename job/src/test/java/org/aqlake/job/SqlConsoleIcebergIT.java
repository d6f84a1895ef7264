package org.aqlake.job;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.source.KinesisRecordSchema;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.SqlConsole;
import org.aqlake.job.support.SqlTestLake;
import org.aqlake.job.support.SyntheticAirQuality;
import org.aqlake.job.support.Tableau;
import org.aqlake.udfs.aqi.AqiCategory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code ./sql/console --format iceberg}: the job writes a small lake with {@code lake.format=iceberg} (its
 * Iceberg tables in a JDBC catalog over an embedded H2 file, the others in their folders), and the console,
 * a subprocess as a user runs it, reads each table through the catalog where the catalog has it and from
 * its folder where not. A named query's rows are checked against DuckDB over the data files of the Iceberg
 * table's current snapshot, listed through Iceberg's own API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlConsoleIcebergIT {

    static final Path SQL = SqlConsole.projectRoot().resolve("sql");
    static final String DATABASE = "aq_lake";
    static final List<String> CATALOG_TABLES = List.of("readings", "aggregates", "errors");
    /** The city and pollutant of query 02, as the file has them. */
    static final String TREND_CITY = "Beijing";
    static final String TREND_POLLUTANT = "pm25";
    /** The first characters of a timestamp as the client shows it, to the second, whatever its precision. */
    static final int TO_THE_SECOND = "yyyy-MM-dd HH:mm:ss".length();

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().build();

    private Path transformed;
    private Path raw;
    private String catalogUri;
    private String warehouse;
    private SqlTestLake.Input input;
    /** The tables the job wrote to the catalog, and the data files of the readings' current snapshot. */
    private final List<String> inCatalog = new ArrayList<>();
    private final List<String> readingsFiles = new ArrayList<>();

    @BeforeAll
    void theJobWritesASmallIcebergLake(@InjectMiniCluster MiniCluster cluster, @TempDir Path dir) throws Exception {
        transformed = dir.resolve("transformed");
        raw = dir.resolve("raw");
        // AUTO_SERVER: the console's JVM opens the file while this one may still hold it
        catalogUri = "jdbc:h2:file:" + dir.resolve("iceberg/catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE";
        warehouse = SqlConsoleIT.uri(dir.resolve("iceberg/warehouse"));
        input = SqlTestLake.input();
        Map<String, String> flat = new HashMap<>();
        flat.put("lake.transformed-path", transformed.toUri().toString());
        flat.put("lake.raw-archive.enabled", "true");
        flat.put("lake.raw-path", raw.toUri().toString());
        flat.put("lake.format", "iceberg");
        // a bounded replay awaited to its end, which the maintenance's source never reaches
        flat.put("iceberg.maintenance.enabled", "false");
        flat.put("iceberg.jdbc-uri", catalogUri);
        flat.put("iceberg.warehouse", warehouse);
        JobConfig cfg = JobConfig.from(flat);

        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(500);
        DataStream<KinesisRecord> source = env.fromData(input.records, new KinesisRecordSchema().getProducedType());
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        env.execute("sql-console-iceberg-it");

        IcebergTables tables = cfg.iceberg.orElseThrow();
        Catalog catalog = tables.catalog().loadCatalog();
        try {
            for (String name : CATALOG_TABLES) {
                if (catalog.tableExists(TableIdentifier.of(DATABASE, name))) {
                    inCatalog.add(name);
                }
            }
            Table readings = catalog.loadTable(tables.readingsTable());
            try (CloseableIterable<FileScanTask> tasks = readings.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    readingsFiles.add(Path.of(URI.create(task.file().location())).toString());
                }
            }
        } finally {
            ((Closeable) catalog).close();
        }
    }

    SqlConsole.Run console(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--format", "iceberg", "--catalog-uri", catalogUri,
                "--warehouse", warehouse, "--lake", SqlConsoleIT.uri(transformed), "--raw", SqlConsoleIT.uri(raw)));
        all.addAll(List.of(args));
        return SqlConsole.run(all.toArray(new String[0]));
    }

    static Stream<Path> icebergFiles() throws Exception {
        try (Stream<Path> files = Files.list(SQL.resolve("iceberg"))) {
            return files.filter(f -> f.toString().endsWith(".sql")).sorted().collect(Collectors.toList()).stream();
        }
    }

    @Test
    void theInitScriptReadsEachTableThroughTheCatalogWhereItHasItAndFromItsFolderWhereNot() throws Exception {
        SqlConsole.Run run = console("--print-init");

        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(inCatalog).as("the job's Iceberg tables").contains("readings");
        assertThat(run.output).doesNotContain("${")
                .contains("CREATE CATALOG aq_lake WITH (", "'uri' = '" + catalogUri + "'",
                        "'warehouse' = '" + warehouse + "'", "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_pm25",
                        "CREATE TABLE raw_archive");
        for (String table : CATALOG_TABLES) {
            String view = "CREATE TEMPORARY VIEW " + table + " AS SELECT * FROM aq_lake." + DATABASE + "." + table + ";";
            if (inCatalog.contains(table)) {
                assertThat(run.output).as(table).contains(view).doesNotContain("'path' = '" + SqlConsoleIT.uri(transformed)
                        + "/" + table + "'");
            } else {
                assertThat(run.output).as(table).doesNotContain(view)
                        .contains("'path' = '" + SqlConsoleIT.uri(transformed) + "/" + table + "'")
                        .contains("console: the Iceberg catalog has no table " + DATABASE + "." + table);
            }
        }
        // every file of sql/iceberg/ is in the script whenever its table is in the catalog
        for (Path file : icebergFiles().collect(Collectors.toList())) {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip().replace("${catalog_uri}", catalogUri)
                    .replace("${warehouse}", warehouse).replace("${database}", DATABASE);
            String table = file.getFileName().toString().replaceAll("^\\d+_|\\.sql$", "");
            if (!CATALOG_TABLES.contains(table) || inCatalog.contains(table)) {
                assertThat(run.output).as("%s rendered", file.getFileName()).contains(text);
            }
        }
    }

    @Test
    void theHourlyTrendQueryReadsTheIcebergReadingsAsDuckDbReadsTheCurrentSnapshotsDataFiles() throws Exception {
        SqlConsole.Run run = console("-f", SQL.resolve("queries/02_hourly_trend_for_one_city_and_pollutant.sql").toString());
        assertThat(run.exitCode).as("%s", run).isZero();
        Tableau shown = run.table();
        // per hour, over every data file of the snapshot; the readings are all in the reference unit already
        // (SqlConsoleIT checks it)
        Map<Long, long[]> counts = new HashMap<>();
        Map<Long, double[]> values = new HashMap<>();
        Map<Long, List<String>> stations = new HashMap<>();
        for (String file : readingsFiles) {
            for (Map<String, Object> r : DuckDb.query("SELECT (epoch_ms(event_time::TIMESTAMP) // 3600000) * 3600000"
                    + " AS hour_ms, location, value FROM read_parquet(?) WHERE city = ? AND parameter = ?",
                    file, TREND_CITY, TREND_POLLUTANT)) {
                long hour = ((Number) r.get("hour_ms")).longValue();
                counts.computeIfAbsent(hour, h -> new long[1])[0]++;
                double[] v = values.computeIfAbsent(hour, h -> new double[] {0, Double.NEGATIVE_INFINITY});
                v[0] += (Double) r.get("value");
                v[1] = Math.max(v[1], (Double) r.get("value"));
                List<String> at = stations.computeIfAbsent(hour, h -> new ArrayList<>());
                if (!at.contains((String) r.get("location"))) {
                    at.add((String) r.get("location"));
                }
            }
        }
        List<Long> hours = counts.keySet().stream().sorted().collect(Collectors.toList());

        assertThat(hours).hasSize(SyntheticAirQuality.HOURS);
        assertThat(shown.rows).hasSameSizeAs(hours);
        for (int i = 0; i < hours.size(); i++) {
            long hour = hours.get(i);
            String what = "hour " + SqlConsoleIT.utc(hour);
            assertThat(shown.cell(i, "hour_start").substring(0, TO_THE_SECOND)).as(what)
                    .isEqualTo(SqlConsoleIT.utc(hour).substring(0, TO_THE_SECOND));
            assertThat(shown.cell(i, "readings")).as(what).isEqualTo(Long.toString(counts.get(hour)[0]));
            assertThat(shown.cell(i, "stations")).as(what).isEqualTo(Integer.toString(stations.get(hour).size()));
            assertThat(Double.parseDouble(shown.cell(i, "mean_value"))).as(what)
                    .isCloseTo(values.get(hour)[0] / counts.get(hour)[0], within(0.0051));
            assertThat(Double.parseDouble(shown.cell(i, "max_value"))).as(what)
                    .isCloseTo(values.get(hour)[1], within(0.0051));
            if (shown.cell(i, "aqi") != null) {
                assertThat(shown.cell(i, "category")).as(what)
                        .isEqualTo(AqiCategory.of(Integer.parseInt(shown.cell(i, "aqi"))).label());
            }
        }
        assertThat(shown.rows).as("hours with an AQI").anySatisfy(r -> assertThat(r.get(6)).isNotNull());
    }

    @Test
    void theArrivalsQueryAccountsForEveryRecordThroughTheCatalogsReadingsAndTheOtherTables() throws Exception {
        SqlConsole.Run run = console("-f", SQL.resolve("queries/06_arrivals_by_hour_and_outcome.sql").toString());

        assertThat(run.exitCode).as("%s", run).isZero();
        Tableau shown = run.table();
        assertThat(SqlConsoleIT.sum(shown, "received")).isEqualTo(input.records.size());
        assertThat(SqlConsoleIT.sum(shown, "readings")).isEqualTo(input.readings);
        assertThat(SqlConsoleIT.sum(shown, "dead_letters")).isEqualTo(input.deadLetters);
        assertThat(SqlConsoleIT.sum(shown, "consent_denied")).isEqualTo(input.consentDenied);
    }

    @Test
    void optionsThatDoNotGoTogetherAreRefusedNamingTheFlag() throws Exception {
        SqlConsole.Run sqlite = console("--catalog-uri", "jdbc:sqlite:/tmp/catalog.db", "--print-init");
        SqlConsole.Run parquet = SqlConsole.run("--warehouse", warehouse, "--print-init");
        SqlConsole.Run unknown = SqlConsole.run("--format", "orc", "--print-init");

        assertThat(sqlite.exitCode).isEqualTo(2);
        assertThat(sqlite.output).contains("--catalog-uri: 'jdbc:sqlite:/tmp/catalog.db' is not a jdbc:h2:file: URL");
        assertThat(parquet.exitCode).isEqualTo(2);
        assertThat(parquet.output).contains("--warehouse applies to --format iceberg");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.output).contains("--format: 'orc' is neither parquet nor iceberg");
    }
}
