package org.aqlake.job;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.source.KinesisRecordSchema;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.HoldBackTheLateReadings;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.SyntheticAirQuality;
import org.aqlake.job.support.SyntheticAirQuality.Sample;
import org.aqlake.udfs.aqi.HourlyAqi;
import org.aqlake.udfs.aqi.SubIndex;
import org.aqlake.udfs.aqi.WhoCheck;
import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;
import org.aqlake.udfs.units.ReferenceUnits;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole pipeline on a MiniCluster at parallelism 2 over more than 10,000 synthetic readings of a
 * day and a bit, with the first hours of half the stations held back until every other hour has been
 * written: the aggregates (their latest revisions) must equal a recomputation from the readings
 * table through DuckDB, and every AQI and WHO column must be what the pure functions give for the
 * hourly means recomputed from the readings.
 *
 * <p>A bounded source and {@code file://} output: what is checked here is the aggregation, and the
 * Kinesis emulator and S3Proxy would add nothing to it ({@code ReadingsLakeIT} and {@code
 * ExactlyOnceIT} cover them, and every sink rolls on checkpoint the same way).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatesLakeIT {

    static final long HOUR = SyntheticAirQuality.HOUR;
    static final double MEAN_TOLERANCE = 1e-9;
    /** Long enough that no held-back reading is too late to correct its window. */
    static final String RETENTION = "48 h";
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(90);

    static final Logger LOG = LoggerFactory.getLogger(AggregatesLakeIT.class);

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().build();

    private Path lake;

    private List<Sample> samples;
    private int heldBack;
    private Map<String, Map<String, Object>> latest;
    private List<Map<String, Object>> allRows;
    private Map<String, Map<String, Object>> recomputed;
    private Map<String, Double> hourlyReferenceMeans;
    private List<Map<String, Object>> located;
    private long lateReadings;
    private long droppedReadings;
    private long revisionRows;

    @BeforeAll
    void runThePipelineOverADayOfReadings(@InjectMiniCluster MiniCluster cluster, @TempDir Path lake) throws Exception {
        this.lake = lake;
        samples = SyntheticAirQuality.samples();
        heldBack = (int) samples.stream()
                .filter(s -> s.eventTime < SyntheticAirQuality.BASE_TIME + SyntheticAirQuality.HELD_BACK_HOURS * HOUR)
                .filter(s -> Arrays.asList(SyntheticAirQuality.LOCATIONS).indexOf(s.location) % 2 == 1)
                .count();
        List<KinesisRecord> records = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            records.add(SyntheticAirQuality.record(samples.get(i), i));
        }

        Map<String, String> flat = new HashMap<>();
        flat.put("lake.transformed-path", lake.resolve("transformed").toUri().toString());
        flat.put("aggregates.revision-retention", RETENTION);
        JobConfig cfg = JobConfig.from(flat);

        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(500);
        AqLakeJob.configure(env, cfg); // the job's own settings (object reuse), as it runs
        DataStream<KinesisRecord> source = HoldBackTheLateReadings.apply(
                env.fromData(records, new KinesisRecordSchema().getProducedType()), samples.size() - heldBack,
                HOLD_TIMEOUT, () -> LAKE.metrics());
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        JobExecutionResult result = env.execute("aggregates-lake-it");

        lateReadings = counter(result, MetricNames.LATE_READINGS);
        droppedReadings = counter(result, MetricNames.LATE_READINGS_DROPPED);
        revisionRows = counter(result, MetricNames.AGGREGATE_REVISIONS);
        readTheLake();
        LOG.info("{} readings ({} held back); {} aggregate rows, {} corrections; late {}, dropped {}", samples.size(),
                heldBack, allRows.size(), revisionRows, lateReadings, droppedReadings);
    }

    void readTheLake() throws Exception {
        String aggregates = DuckDb.parquetGlob(lake.resolve("transformed").resolve("aggregates"));
        String readings = DuckDb.parquetGlob(lake.resolve("transformed").resolve("readings"));
        allRows = DuckDb.query("SELECT epoch_ms(window_start) AS window_ms, revision, CAST(year AS INTEGER) AS year,"
                + " CAST(month AS INTEGER) AS month, CAST(day AS INTEGER) AS day, CAST(hour AS INTEGER) AS hour"
                + " FROM read_parquet(?, hive_partitioning = true)", aggregates);
        // the reader's query the README documents: the highest revision of each row
        latest = byKey(DuckDb.query("SELECT location, city, country, latitude, longitude, parameter, unit,"
                + " epoch_ms(window_start) AS window_ms,"
                + " epoch_ms(window_end) AS window_end_ms, count, min, max, mean, epoch_ms(first_time) AS first_ms,"
                + " epoch_ms(last_time) AS last_ms, reference_unit, mean_reference, aqi_averaging, aqi_concentration, aqi,"
                + " aqi_category, location_aqi, dominant_pollutant, who_averaging, who_mean, who_guideline, who_exceeds,"
                + " revision FROM (SELECT *, max(revision) OVER (PARTITION BY location, city, country, parameter, unit,"
                + " window_start) AS latest FROM read_parquet(?, hive_partitioning = true)) WHERE revision = latest",
                aggregates));
        List<Map<String, Object>> groups = DuckDb.query("SELECT location, city, country, parameter, unit,"
                + " (epoch_ms(event_time) // 3600000) * 3600000 AS window_ms, count(*) AS count, min(value) AS min,"
                + " max(value) AS max, avg(value) AS mean, sum(value) AS sum, min(epoch_ms(event_time)) AS first_ms,"
                + " max(epoch_ms(event_time)) AS last_ms FROM read_parquet(?, hive_partitioning = true)"
                + " GROUP BY ALL", readings);
        recomputed = byKey(groups);
        // where each place was at its hour's latest reading (the generator gives readings of one instant one position)
        located = DuckDb.query("SELECT location, city, country, (epoch_ms(event_time) // 3600000) * 3600000 AS window_ms,"
                + " arg_max(latitude, event_time) AS latitude, arg_max(longitude, event_time) AS longitude"
                + " FROM read_parquet(?, hive_partitioning = true) GROUP BY ALL", readings);
        hourlyReferenceMeans = hourlyReferenceMeans(groups);
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void everyReadingWasSentAndTheHeldBackOnesReallyArrivedLate() {
        assertThat(samples.size()).isGreaterThanOrEqualTo(10_000);
        assertThat(heldBack).isPositive();
        assertThat(lateReadings).as("held-back readings that arrived after their window's time").isEqualTo(heldBack);
        assertThat(droppedReadings).isZero();
    }

    @Test
    void theLatestRevisionsEqualARecomputationFromTheReadingsTableThroughDuckDb() {
        assertThat(latest.keySet()).isEqualTo(recomputed.keySet());
        long readingsCounted = 0;
        for (Map.Entry<String, Map<String, Object>> e : recomputed.entrySet()) {
            Map<String, Object> expected = e.getValue();
            Map<String, Object> actual = latest.get(e.getKey());
            assertThat(actual.get("count")).as("count of %s", e.getKey()).isEqualTo(expected.get("count"));
            assertThat(actual.get("min")).as("min of %s", e.getKey()).isEqualTo(expected.get("min"));
            assertThat(actual.get("max")).as("max of %s", e.getKey()).isEqualTo(expected.get("max"));
            assertThat((Double) actual.get("mean")).as("mean of %s", e.getKey())
                    .isCloseTo((Double) expected.get("mean"), within(MEAN_TOLERANCE));
            assertThat(actual.get("first_ms")).as("first of %s", e.getKey()).isEqualTo(expected.get("first_ms"));
            assertThat(actual.get("last_ms")).as("last of %s", e.getKey()).isEqualTo(expected.get("last_ms"));
            assertThat(number(actual, "window_end_ms") - number(actual, "window_ms")).isEqualTo(HOUR);
            readingsCounted += number(actual, "count");
        }
        assertThat(readingsCounted).isEqualTo(samples.size());
    }

    @Test
    void theMobileStationsLocationNameInTwoCitiesIsTwoPlacesThatShareNoReading() {
        String mobile = SyntheticAirQuality.LOCATIONS[SyntheticAirQuality.MOBILE];
        Set<String> cities = latest.values().stream().filter(r -> mobile.equals(r.get("location")))
                .map(r -> (String) r.get("city")).collect(Collectors.toCollection(TreeSet::new));
        long mobileReadings = samples.stream().filter(s -> s.location.equals(mobile)).count();
        long counted = latest.values().stream().filter(r -> mobile.equals(r.get("location")))
                .mapToLong(r -> number(r, "count")).sum();

        assertThat(cities).containsExactlyElementsOf(new TreeSet<>(SyntheticAirQuality.MOBILE_CITIES));
        assertThat(counted).isEqualTo(mobileReadings);
        assertThat(latest.values()).filteredOn(r -> mobile.equals(r.get("location")))
                .anySatisfy(r -> assertThat(r.get("location_aqi")).isNotNull());
    }

    @Test
    void everyRowSaysWhereItsPlaceWasAtTheLatestReadingOfItsHour() {
        Map<String, Map<String, Object>> byPlaceHour = new HashMap<>();
        located.forEach(l -> byPlaceHour.put(place(l) + "@" + number(l, "window_ms"), l));

        assertThat(latest.values()).allSatisfy(row -> {
            Map<String, Object> where = byPlaceHour.get(place(row) + "@" + number(row, "window_ms"));
            assertThat(row.get("city")).as("%s", row).isNotNull();
            assertThat(row.get("country")).as("%s", row).isEqualTo("XX");
            assertThat(row.get("latitude")).as("%s", row).isEqualTo(where.get("latitude")).isNotNull();
            assertThat(row.get("longitude")).as("%s", row).isEqualTo(where.get("longitude"));
        });
    }

    @Test
    void theMeanInTheReferenceUnitIsTheMeanConverted() {
        for (Map<String, Object> row : latest.values()) {
            Pollutant p = Pollutant.fromName((String) row.get("parameter"));
            ConcentrationUnit unit = ConcentrationUnit.fromLabel((String) row.get("unit"));

            assertThat(row.get("reference_unit")).isEqualTo(ReferenceUnits.of(p).label());
            assertThat((Double) row.get("mean_reference")).as("%s", row)
                    .isCloseTo(ReferenceUnits.toReference((Double) row.get("mean"), unit, p), within(MEAN_TOLERANCE));
        }
    }

    @Test
    void everyAqiAndWhoColumnIsWhatThePureFunctionsGiveForTheRecomputedHourlyMeans() {
        Map<String, SubIndex> dominantByLocationHour = new HashMap<>();
        Map<String, List<SubIndex>> subIndicesByLocationHour = new HashMap<>();
        for (Map<String, Object> row : latest.values()) {
            Pollutant p = Pollutant.fromName((String) row.get("parameter"));
            long window = number(row, "window_ms");
            double[] hourly = series(place(row), p, window);
            SubIndex expected = HourlyAqi.of(p, hourly);
            WhoCheck who = WhoCheck.of(p, hourly);

            String what = row.get("location") + " " + p.id() + " " + Instant.ofEpochMilli(window);
            if (expected == null) {
                assertThat(row.get("aqi")).as(what).isNull();
                assertThat(row.get("aqi_averaging")).as(what).isNull();
            } else {
                assertThat(row.get("aqi")).as(what).isEqualTo(expected.aqi());
                assertThat(row.get("aqi_concentration")).as(what).isEqualTo(expected.concentration());
                assertThat(row.get("aqi_averaging")).as(what).isEqualTo(expected.averaging().label());
                assertThat(row.get("aqi_category")).as(what).isEqualTo(expected.category().label());
                subIndicesByLocationHour.computeIfAbsent(place(row) + "@" + window, k -> new ArrayList<>())
                        .add(expected);
            }
            if (who == null) {
                assertThat(row.get("who_exceeds")).as(what).isNull();
            } else {
                assertThat((Double) row.get("who_mean")).as(what).isCloseTo(who.mean(), within(MEAN_TOLERANCE));
                assertThat(row.get("who_exceeds")).as(what).isEqualTo(who.exceeds());
                assertThat(row.get("who_guideline")).as(what).isEqualTo(who.guideline().level());
                assertThat(row.get("who_averaging")).as(what).isEqualTo(who.guideline().averaging().label());
            }
        }
        subIndicesByLocationHour.forEach((k, list) -> dominantByLocationHour.put(k, HourlyAqi.dominant(
                list.stream().distinct().collect(Collectors.toList()))));
        for (Map<String, Object> row : latest.values()) {
            SubIndex dominant = dominantByLocationHour.get(place(row) + "@" + number(row, "window_ms"));
            assertThat(row.get("location_aqi")).isEqualTo(dominant == null ? null : dominant.aqi());
            assertThat(row.get("dominant_pollutant")).isEqualTo(dominant == null ? null : dominant.pollutant().id());
        }
    }

    @Test
    void theDataReachEveryAveragingRuleAndSeveralCategories() {
        Set<Object> averaging = latest.values().stream().map(r -> r.get("aqi_averaging")).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Object> categories = latest.values().stream().map(r -> r.get("aqi_category")).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        long noAqi = latest.values().stream().filter(r -> r.get("aqi") == null).count();
        long exceeding = latest.values().stream().filter(r -> Boolean.TRUE.equals(r.get("who_exceeds"))).count();

        assertThat(averaging).containsExactly("1h", "24h", "8h", "nowcast");
        assertThat(categories).hasSizeGreaterThanOrEqualTo(4);
        assertThat(noAqi).as("rows without AQI: black carbon and incomplete hours").isPositive();
        assertThat(exceeding).isPositive();
    }

    @Test
    void correctionsWereWrittenAndTheRevisionMetricCountsEveryOneOfThem() {
        long rowsAboveZero = allRows.stream().filter(r -> number(r, "revision") > 0).count();

        assertThat(rowsAboveZero).isPositive();
        assertThat(revisionRows).isEqualTo(rowsAboveZero);
        assertThat(latest.values()).anySatisfy(r -> assertThat(number(r, "revision")).isPositive());
    }

    @Test
    void everyRowLiesInThePartitionOfItsWindowStartUnderAggregates() {
        assertThat(allRows).allSatisfy(r -> {
            ZonedDateTime t = Instant.ofEpochMilli(number(r, "window_ms")).atZone(ZoneOffset.UTC);
            assertThat(String.format(Locale.ROOT, "%04d/%02d/%02d/%02d", number(r, "year"), number(r, "month"),
                    number(r, "day"), number(r, "hour")))
                    .isEqualTo(String.format(Locale.ROOT, "%04d/%02d/%02d/%02d", t.getYear(), t.getMonthValue(),
                            t.getDayOfMonth(), t.getHour()));
        });
    }

    @Test
    void theAggregatesAreZstdParquet() throws Exception {
        String glob = DuckDb.parquetGlob(lake.resolve("transformed").resolve("aggregates"));

        assertThat(DuckDb.query("SELECT DISTINCT compression FROM parquet_metadata(?)", glob))
                .extracting(r -> r.get("compression")).containsExactly("ZSTD");
    }

    // ---------------------------------------------------------------- helpers

    /** A counter of the aggregation in the {@code kinesisanalytics} group, summed over subtasks. */
    static long counter(JobExecutionResult result, String name) {
        return LAKE.counter(result.getJobID(), "kinesisanalytics." + name);
    }

    /** The aggregation's key: the location with its city and country (job/README.md, "Places"). */
    static String place(Map<String, Object> row) {
        return row.get("location") + "/" + row.get("city") + "/" + row.get("country");
    }

    static String key(Map<String, Object> row) {
        return place(row) + "|" + row.get("parameter") + "|" + row.get("unit") + "|" + number(row, "window_ms");
    }

    static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> m = new HashMap<>();
        for (Map<String, Object> r : rows) {
            assertThat(m.put(key(r), r)).as("one row per key: %s", key(r)).isNull();
        }
        return m;
    }

    static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    /**
     * Hourly means in the reference unit per location, pollutant and hour, from the readings table:
     * each unit's sum converted, then summed and divided by the readings counted.
     */
    static Map<String, Double> hourlyReferenceMeans(List<Map<String, Object>> groups) {
        Map<String, double[]> sums = new HashMap<>();
        for (Map<String, Object> g : groups) {
            Pollutant p = Pollutant.fromName((String) g.get("parameter"));
            double converted = ReferenceUnits.toReference((Double) g.get("sum"),
                    ConcentrationUnit.fromLabel((String) g.get("unit")), p);
            double[] s = sums.computeIfAbsent(place(g) + "|" + p.id() + "|" + number(g, "window_ms"),
                    k -> new double[2]);
            s[0] += converted;
            s[1] += number(g, "count");
        }
        Map<String, Double> means = new HashMap<>();
        sums.forEach((k, s) -> means.put(k, s[0] / s[1]));
        return means;
    }

    /** The newest-first series of the last 24 hourly means ending with the window. */
    double[] series(String place, Pollutant p, long window) {
        double[] hourly = new double[24];
        for (int i = 0; i < hourly.length; i++) {
            Double mean = hourlyReferenceMeans.get(place + "|" + p.id() + "|" + (window - i * HOUR));
            hourly[i] = mean == null ? Double.NaN : mean;
        }
        return hourly;
    }
}
