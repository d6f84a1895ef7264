package org.aqlake.tools.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.JobSinks;
import org.aqlake.job.LocalFileSystems;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.source.KinesisRecordSchema;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.HoldBackTheLateReadings;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.SqlTestLake;
import org.aqlake.tools.cli.AqLakeCli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser, headless Chromium, over a lake the job writes in this test to S3 (an
 * in-process S3Proxy): the live page served from the {@code s3://} lake, and the self-contained file that
 * {@code aq-lake dashboard --out} renders from a local copy of it ({@code file://}), opened with every host
 * name unresolvable. What the browser shows, read from the DOM's tables, is checked against DuckDB over the
 * same files: the AQI per city (with its country) and hour of the latest revisions, in the table and as the
 * chart's library holds it (the lake has corrections from late
 * readings), the dead letters per type, the latest committed hour. A screenshot is saved under target/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

    static final String STREAM = "dashboard-it";
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(120);
    static final int SCREENSHOT_HEIGHT = 3_150;
    static final Path SCREENSHOT = Path.of("target", "dashboard.png").toAbsolutePath();
    static final String[] CHARTS = {"aqi", "means", "who", "dead-letters", "freshness"};
    /** DuckDB's latest revision of every aggregate row, as job/README.md tells readers to take it. */
    static final String LATEST = "SELECT * FROM read_parquet(?, hive_partitioning = true) QUALIFY revision ="
            + " max(revision) OVER (PARTITION BY location, city, country, parameter, unit, window_start)";

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().s3().build();

    private Path dir;
    private Path localLake;
    private Map<String, String> s3Options;
    private Map<String, Long> expectedAqi;
    private Document served;
    private Document file;

    @BeforeAll
    void theJobWritesALakeToS3AndTheBrowserOpensItsDashboard(@InjectMiniCluster MiniCluster cluster,
            @TempDir Path dir) throws Exception {
        this.dir = dir;
        SqlTestLake.Input input = SqlTestLake.input();
        Map<String, String> flat = new HashMap<>();
        flat.put("lake.transformed-path", "s3://" + LakeTestJob.TRANSFORMED_BUCKET + "/" + STREAM);
        // long enough that every held-back reading still corrects its window
        flat.put("aggregates.revision-retention", "48 h");
        JobConfig cfg = JobConfig.from(flat);
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(500);
        DataStream<KinesisRecord> source = HoldBackTheLateReadings.apply(
                env.fromData(input.records, new KinesisRecordSchema().getProducedType()), input.inOrder,
                HOLD_TIMEOUT, () -> LAKE.metrics());
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        env.execute("dashboard-browser-it");

        Path copy = dir.resolve("copy");
        LAKE.s3().download(LakeTestJob.TRANSFORMED_BUCKET, STREAM + "/", copy);
        localLake = copy.resolve(STREAM);
        expectedAqi = aqiPerCityAndHour(localLake);
        s3Options = LocalFileSystems.s3Emulator(new org.apache.flink.configuration.Configuration(),
                LAKE.s3().endpoint(), true, EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).toMap();

        HeadlessChromium chromium = HeadlessChromium.find(Files.createDirectories(dir.resolve("chromium")));
        Dashboard live = Dashboard.of(flat.get("lake.transformed-path"), s3Options, Clock.systemUTC());
        try (DashboardServer server = DashboardServer.start(live, 0)) {
            served = Jsoup.parse(chromium.dumpDom("http://127.0.0.1:" + server.port() + "/"));
        }
        Path page = dir.resolve("out/dashboard.html");
        assertThat(AqLakeCli.execute("dashboard", "--lake", localLake.toString(), "--out", page.toString())).isZero();
        file = Jsoup.parse(chromium.dumpDom(page.toUri().toString()));
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        chromium.screenshot(page.toUri().toString(), SCREENSHOT, SCREENSHOT_HEIGHT);
    }

    @Test
    void theAqiShownForEveryCityAndHourIsTheHighestOfItsPlacesLatestRevisionsAsDuckDbReadsThem() {
        assertThat(expectedAqi).hasSizeGreaterThan(SqlTestLake.CITIES.length);
        assertThat(aqiShown(served)).isEqualTo(expectedAqi);
        assertThat(aqiShown(file)).isEqualTo(expectedAqi);
    }

    @Test
    void anHourThatALateReadingCorrectedShowsItsCorrectedAqi() throws Exception {
        // a city and hour whose AQI the corrections changed: the first revision says otherwise
        List<Map<String, Object>> corrected = DuckDb.query("WITH first AS (SELECT city, country, window_start,"
                + " max(location_aqi) AS aqi FROM read_parquet(?, hive_partitioning = true) WHERE revision = 0"
                + " AND city IS NOT NULL GROUP BY ALL), latest AS (SELECT city, country, window_start,"
                + " max(location_aqi) AS aqi FROM (" + LATEST + ") WHERE city IS NOT NULL GROUP BY ALL)"
                + " SELECT l.city, l.country, epoch_ms(l.window_start) AS hour_ms, l.aqi AS latest, f.aqi AS first"
                + " FROM latest l JOIN first f ON f.city = l.city AND f.country IS NOT DISTINCT FROM l.country"
                + " AND f.window_start = l.window_start WHERE l.aqi IS NOT NULL AND f.aqi IS NOT NULL"
                + " AND l.aqi <> f.aqi ORDER BY ALL LIMIT 1", glob("aggregates"), glob("aggregates"));
        assertThat(corrected).as("an hour whose AQI a correction changed").hasSize(1);
        Map<String, Object> hour = corrected.get(0);
        String key = hour.get("city") + "@" + Instant.ofEpochMilli(((Number) hour.get("hour_ms")).longValue());

        Element row = served.selectFirst("#table-aqi tr[data-city=\"" + hour.get("city") + "\"][data-country=\""
                + Objects.requireNonNullElse(hour.get("country"), "") + "\"][data-hour=\""
                + Instant.ofEpochMilli(((Number) hour.get("hour_ms")).longValue()) + "\"]");
        assertThat(row).as(key).isNotNull();
        assertThat(Long.parseLong(row.selectFirst("td.aqi").text())).as(key)
                .isEqualTo(((Number) hour.get("latest")).longValue())
                .isNotEqualTo(((Number) hour.get("first")).longValue());
    }

    @Test
    void theAqiChartDrawsForEveryCityAndHourTheAqiDuckDbReads() throws Exception {
        for (Document page : List.of(served, file)) {
            Map<String, Long> drawn = new TreeMap<>();
            for (JsonNode series : new ObjectMapper().readTree(page.getElementById("chart-aqi").attr("data-series"))) {
                for (JsonNode point : series.get("data")) {
                    drawn.put(series.get("name").asText() + "@" + point.get(0).asText(), point.get(1).asLong());
                }
            }
            // one known city and hour, and then all of them
            Map.Entry<String, Long> known = expectedAqi.entrySet().iterator().next();
            assertThat(drawn.get(known.getKey())).as(known.getKey()).isEqualTo(known.getValue());
            assertThat(drawn).isEqualTo(expectedAqi);
        }
    }

    @Test
    void everyChartIsDrawnByTheBundledLibraryWithNothingFetched() {
        for (Document page : List.of(served, file)) {
            for (String chart : CHARTS) {
                Element el = page.getElementById("chart-" + chart);
                assertThat(el.attr("data-drawn")).as(chart).isEqualTo("true");
                assertThat(el.select("svg")).as("%s drawn as SVG", chart).isNotEmpty();
                assertThat(page.getElementById("table-" + chart)).as("the table of %s", chart).isNotNull();
            }
            assertThat(page.select("script[src], link[href], img[src], iframe")).as("nothing loaded from elsewhere")
                    .isEmpty();
        }
    }

    @Test
    void theDeadLettersPerTypeAreWhatDuckDbCountsInTheErrorsTable() throws Exception {
        Map<String, Long> expected = DuckDb.query("SELECT error AS type, count(*) AS n FROM read_json(?,"
                + " format = 'newline_delimited', hive_partitioning = true, columns = {error_type: 'VARCHAR'})"
                + " GROUP BY ALL", localLake.resolve("errors").toString() + "/**/*.jsonl").stream()
                .collect(Collectors.toMap(r -> (String) r.get("type"), r -> ((Number) r.get("n")).longValue()));

        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isPositive();
        assertThat(tableOf(served, "dead-letters")).isEqualTo(expected);
    }

    @Test
    void theLatestCommittedHourIsTheNewestReadingsPartitionWithItsSuccessMarker() throws Exception {
        Optional<Instant> newest;
        try (Stream<Path> s = Files.walk(localLake.resolve("readings"))) {
            newest = s.filter(p -> p.getFileName().toString().equals("_SUCCESS"))
                    .map(p -> DashboardData.hourOf(localLake.resolve("readings").relativize(p.getParent()).toString()))
                    .flatMap(Optional::stream).max(Instant::compareTo);
        }

        assertThat(newest).isPresent();
        assertThat(served.getElementById("latest-committed-hour").text())
                .isEqualTo(DashboardPage.hour(newest.get()) + " UTC");
        assertThat(served.getElementById("behind-now").text()).matches("\\d+ (d \\d+ h|h \\d{2} min)");
    }

    @Test
    void theScreenshotIsAPngOfThePage() throws Exception {
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(png.length).isGreaterThan(50_000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    // ---------------------------------------------------------------- helpers

    String glob(String table) {
        return DuckDb.parquetGlob(localLake.resolve(table));
    }

    /** City and hour to the AQI: the highest location_aqi of the city's places in the hour, latest revisions. */
    Map<String, Long> aqiPerCityAndHour(Path lake) throws Exception {
        return DuckDb.query("SELECT city, country, epoch_ms(window_start) AS hour_ms, max(location_aqi) AS aqi FROM ("
                        + LATEST + ") WHERE city IS NOT NULL AND location_aqi IS NOT NULL GROUP BY ALL",
                DuckDb.parquetGlob(lake.resolve("aggregates"))).stream()
                .collect(Collectors.toMap(r -> DashboardRows.cityName((String) r.get("city"), (String) r.get("country"))
                        + "@" + Instant.ofEpochMilli(((Number) r.get("hour_ms"))
                        .longValue()), r -> ((Number) r.get("aqi")).longValue(), (a, b) -> a, TreeMap::new));
    }

    static Map<String, Long> aqiShown(Document page) {
        Map<String, Long> shown = new TreeMap<>();
        for (Element row : page.select("#table-aqi tbody tr")) {
            String country = row.attr("data-country");
            shown.put(DashboardRows.cityName(row.attr("data-city"), country.isEmpty() ? null : country) + "@"
                    + row.attr("data-hour"), Long.parseLong(row.selectFirst("td.aqi").text()));
        }
        return shown;
    }

    /** A two-column table's rows: first cell to the number in the second. */
    static Map<String, Long> tableOf(Document page, String id) {
        Map<String, Long> rows = new TreeMap<>();
        for (Element row : page.select("#table-" + id + " tbody tr")) {
            rows.put(row.child(0).text(), Long.parseLong(row.child(1).text()));
        }
        return rows;
    }
}
