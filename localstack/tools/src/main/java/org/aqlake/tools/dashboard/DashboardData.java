package org.aqlake.tools.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the page shows, read from a lake's committed files: the AQI per city and hour, hourly means per
 * pollutant, hours above the WHO guidelines, dead letters by type, and the lake's freshness. Aggregates are
 * the latest revisions ({@link LatestAggregates}); a city's AQI in an hour is the highest AQI of its places,
 * as AirNow reports an area (and as {@code sql/queries/01_latest_aqi_per_city.sql} does).
 */
final class DashboardData {

    static final String PARQUET = ".parquet";
    static final String JSON_LINES = ".jsonl";
    /** How many of the newest committed hours the freshness table lists. */
    static final int FRESHNESS_HOURS = 24;
    private static final Pattern HOUR_PARTITION =
            Pattern.compile("year=(\\d{4})/month=(\\d{1,2})/day=(\\d{1,2})/hour=(\\d{1,2})");
    private static final String ERROR_PARTITION = "error=";

    final List<DashboardRows.CityAqi> aqi = new ArrayList<>();
    final List<DashboardRows.PollutantMean> means = new ArrayList<>();
    final List<DashboardRows.WhoHours> who = new ArrayList<>();
    final List<DashboardRows.DeadLetters> deadLetters = new ArrayList<>();
    final List<DashboardRows.CommittedHour> committedHours = new ArrayList<>();
    Optional<Instant> latestCommittedHour = Optional.empty();
    Instant now;
    String lake;

    static DashboardData read(LakeTables tables, String lakeName, Instant now) throws IOException {
        DashboardData d = new DashboardData();
        d.lake = lakeName;
        d.now = now;
        LatestAggregates latest = new LatestAggregates();
        for (LakeTables.Part p : tables.parts("aggregates", PARQUET, null)) {
            tables.rows(p, latest::add);
        }
        d.aqiPerCity(latest);
        d.meansPerPollutant(latest);
        d.whoHours(latest);
        d.deadLetters(tables);
        d.freshness(tables);
        return d;
    }

    void aqiPerCity(LatestAggregates latest) {
        // a city is its name with its country: "Springfield" of two countries is two cities
        Map<List<Object>, DashboardRows.CityAqi> worst = new HashMap<>();
        for (LatestAggregates.Row r : latest.rows()) {
            if (r.city == null || r.locationAqi == null) {
                continue;
            }
            DashboardRows.CityAqi c = new DashboardRows.CityAqi(r.city, r.country, Instant.ofEpochMilli(r.windowStart),
                    r.locationAqi, LatestAggregates.place(r), r.dominantPollutant);
            worst.merge(Arrays.asList(r.city, r.country, r.windowStart), c, (a, b) -> b.aqi > a.aqi
                    || b.aqi == a.aqi && b.location.compareTo(a.location) < 0 ? b : a);
        }
        aqi.addAll(worst.values());
        aqi.sort(Comparator.comparing(DashboardRows.CityAqi::name).thenComparing(c -> c.hour));
    }

    private void meansPerPollutant(LatestAggregates latest) {
        // per pollutant, reference unit and hour: the mean of every reading in the lake, in the reference unit
        Map<String, double[]> sums = new TreeMap<>();
        Map<String, LatestAggregates.Row> first = new TreeMap<>();
        for (LatestAggregates.Row r : latest.rows()) {
            if (r.meanReference == null || r.count == 0) {
                continue;
            }
            String key = r.parameter + "|" + r.referenceUnit + "|" + r.windowStart;
            double[] s = sums.computeIfAbsent(key, k -> new double[2]);
            s[0] += r.meanReference * r.count;
            s[1] += r.count;
            first.putIfAbsent(key, r);
        }
        sums.forEach((key, s) -> {
            LatestAggregates.Row r = first.get(key);
            means.add(new DashboardRows.PollutantMean(r.parameter, r.referenceUnit, Instant.ofEpochMilli(r.windowStart),
                    s[0] / s[1], (long) s[1]));
        });
        means.sort(Comparator.comparing((DashboardRows.PollutantMean m) -> m.parameter).thenComparing(m -> m.hour));
    }

    void whoHours(LatestAggregates latest) {
        Map<List<Object>, TreeSet<Long>> above = new HashMap<>();
        Map<List<Object>, LatestAggregates.Row> checked = new HashMap<>();
        for (LatestAggregates.Row r : latest.rows()) {
            if (r.city == null || r.whoExceeds == null) {
                continue;
            }
            List<Object> key = Arrays.asList(r.city, r.country, r.parameter);
            checked.putIfAbsent(key, r);
            TreeSet<Long> hours = above.computeIfAbsent(key, k -> new TreeSet<>());
            if (r.whoExceeds) {
                hours.add(r.windowStart);
            }
        }
        checked.forEach((key, r) -> who.add(new DashboardRows.WhoHours(r.city, r.country, r.parameter, r.whoGuideline,
                above.get(key).size())));
        who.sort(Comparator.comparing(DashboardRows.WhoHours::name).thenComparing(w -> w.parameter));
    }

    private void deadLetters(LakeTables tables) throws IOException {
        Map<String, Long> byType = new TreeMap<>();
        for (LakeTables.Part p : tables.parts("errors", JSON_LINES, null)) {
            String first = p.partition.split("/", 2)[0];
            String type = first.startsWith(ERROR_PARTITION) ? first.substring(ERROR_PARTITION.length()) : "unknown";
            byType.merge(type, tables.lines(p), Long::sum);
        }
        byType.forEach((type, n) -> deadLetters.add(new DashboardRows.DeadLetters(type, n)));
    }

    private void freshness(LakeTables tables) throws IOException {
        List<String> committed = new ArrayList<>();
        List<LakeTables.Part> parts = tables.parts("readings", PARQUET, committed);
        TreeMap<Instant, long[]> perHour = new TreeMap<>();
        for (String partition : committed) {
            hourOf(partition).ifPresent(h -> perHour.put(h, new long[1]));
        }
        latestCommittedHour = perHour.isEmpty() ? Optional.empty() : Optional.of(perHour.lastKey());
        Map<Instant, long[]> newest = perHour.descendingMap().entrySet().stream().limit(FRESHNESS_HOURS)
                .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
        for (LakeTables.Part p : parts) {
            Optional<Instant> h = hourOf(p.partition);
            if (h.isPresent() && newest.containsKey(h.get())) {
                newest.get(h.get())[0] += tables.rowCount(p);
            }
        }
        newest.forEach((h, n) -> committedHours.add(new DashboardRows.CommittedHour(h, n[0])));
    }

    /** How far the end of the latest committed hour is behind now; empty when no hour is committed. */
    Optional<Duration> behind() {
        return latestCommittedHour.map(h -> {
            Duration d = Duration.between(h.plus(Duration.ofHours(1)), now);
            return d.isNegative() ? Duration.ZERO : d;
        });
    }

    /** The UTC hour of a partition written with the default template; empty for any other layout. */
    static Optional<Instant> hourOf(String partition) {
        Matcher m = HOUR_PARTITION.matcher(partition);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), 0).toInstant(ZoneOffset.UTC));
    }
}
