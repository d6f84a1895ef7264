package org.aqlake.job.bench;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.aqlake.job.aggregate.AggregateReadings;
import org.aqlake.job.aggregate.AggregationRules;
import org.aqlake.job.aggregate.LocationKey;
import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.model.Reading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the aggregation's state costs at a given revision retention: {@link AggregateReadings} on Flink's
 * keyed test harness, fed hour by hour with locations that each report one to six pollutants (3.5 on
 * average) until the state is steady (every window older than its purge time gone), then checkpointed.
 * The checkpoint's size is what a checkpoint of that many locations writes; it grows linearly with the
 * locations, so bytes per location scale to 10,000. BENCHMARKS.md has the method and the figures.
 *
 * <p>Run: {@code BENCH_MAIN=org.aqlake.job.bench.AggregationStateCost ./bench/run [locations] [hours,...]}.
 */
public final class AggregationStateCost {

    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final String[] PARAMETERS = {"pm25", "pm10", "o3", "no2", "so2", "co"};
    static final String[] UNITS = {"\u00B5g/m\u00B3", "\u00B5g/m\u00B3", "ppb", "ppb", "ppb", "ppm"};
    static final int SCALE_TO_LOCATIONS = 10_000;

    /** One measurement: a backend at a retention. */
    public static final class Cost {
        public final String backend;
        public final Duration retention;
        public final int locations;
        public final int windowsPerLocation;
        public final long checkpointBytes;

        Cost(String backend, Duration retention, int locations, int windowsPerLocation, long checkpointBytes) {
            this.backend = backend;
            this.retention = retention;
            this.locations = locations;
            this.windowsPerLocation = windowsPerLocation;
            this.checkpointBytes = checkpointBytes;
        }

        /** Bytes per location and per day of hourly windows in state. */
        public double bytesPerLocationDay() {
            return checkpointBytes / (double) locations / (windowsPerLocation / 24.0);
        }

        public double megabytesFor10kLocations() {
            return checkpointBytes / (double) locations * SCALE_TO_LOCATIONS / 1e6;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "| %s | %d h | %d | %,d | %,.0f | %,.0f |", backend,
                    retention.toHours(), windowsPerLocation, checkpointBytes / locations, bytesPerLocationDay(),
                    megabytesFor10kLocations());
        }
    }

    private AggregationStateCost() {}

    public static void main(String[] args) throws Exception {
        int locations = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 200;
        List<Duration> retentions = new ArrayList<>();
        for (String h : (args.length > 1 ? args[1] : "24,72,168").split(",")) {
            retentions.add(Duration.ofHours(Long.parseLong(h.trim())));
        }
        // "places": each retention also with readings that name their city and country and send coordinates,
        // side by side, for what a window's place costs
        boolean places = args.length > 2 && args[2].trim().equals("places");
        System.out.println("| backend | retention | windows per location | bytes per location | bytes per"
                + " location-day | MB for 10,000 locations |");
        System.out.println("|---|---|---|---|---|---|");
        for (Duration retention : retentions) {
            for (Cost c : measureAll(locations, retention)) {
                System.out.println(c);
            }
            if (places) {
                for (Cost c : List.of(measure("heap (HashMap), places", HashMapStateBackend::new, locations,
                        retention, true), measure("RocksDB, full, places",
                        () -> new EmbeddedRocksDBStateBackend(false), locations, retention, true))) {
                    System.out.println(c);
                }
            }
        }
        System.exit(0);
    }

    public static List<Cost> measureAll(int locations, Duration retention) throws Exception {
        return List.of(measure("heap (HashMap)", HashMapStateBackend::new, locations, retention),
                measure("RocksDB, full", () -> new EmbeddedRocksDBStateBackend(false), locations, retention),
                measure("RocksDB, incremental", () -> new EmbeddedRocksDBStateBackend(true), locations, retention));
    }

    public static Cost measure(String name, Supplier<StateBackend> backend, int locations, Duration retention)
            throws Exception {
        return measure(name, backend, locations, retention, false);
    }

    /** @param places whether readings name their city and country and send coordinates, as OpenAQ's do */
    public static Cost measure(String name, Supplier<StateBackend> backend, int locations, Duration retention,
            boolean places) throws Exception {
        AggregationRules rules = new AggregationRules(Duration.ofHours(1), Duration.ZERO, retention);
        // steady state: the oldest window still kept is purged at the next hour
        int hours = (int) ((rules.purgeAt(T0) - T0) / HOUR) + 2;
        Path checkpoints = Files.createTempDirectory("aq-lake-state-cost-");
        try (KeyedOneInputStreamOperatorTestHarness<String, PartialAggregate, Aggregate> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AggregateReadings(rules)),
                        new LocationKey(), Types.STRING)) {
            h.setStateBackend(backend.get());
            h.setCheckpointStorage(new FileSystemCheckpointStorage(checkpoints.toUri()));
            h.open();
            for (int hour = 0; hour < hours; hour++) {
                long start = T0 + hour * HOUR;
                for (int l = 0; l < locations; l++) {
                    for (int p = 0; p <= l % PARAMETERS.length; p++) {
                        Reading r = reading(l, p, start + HOUR / 2);
                        if (places) {
                            r.city = String.format(Locale.ROOT, "City %03d", l % 50);
                            r.country = "XX";
                            r.latitude = 10.0 + l / 1000.0;
                            r.longitude = 20.0 + l / 1000.0;
                        }
                        h.processElement(PartialAggregate.of(r), r.eventTime);
                    }
                }
                h.processWatermark(start + HOUR - 1);
                h.getOutput().clear();
            }
            OperatorSubtaskState snapshot = h.snapshot(1L, T0 + hours * HOUR);
            return new Cost(name, retention, locations, windowsInState(rules, hours), snapshot.getStateSize());
        } finally {
            deleteRecursively(checkpoints);
        }
    }

    /** Hourly windows whose purge time the last watermark has not reached. */
    static int windowsInState(AggregationRules rules, int hours) {
        long watermark = T0 + hours * HOUR - 1;
        int kept = 0;
        for (int hour = 0; hour < hours; hour++) {
            if (watermark < rules.purgeAt(T0 + hour * HOUR)) {
                kept++;
            }
        }
        return kept;
    }

    static Reading reading(int location, int parameter, long eventTime) {
        Reading r = new Reading();
        r.location = String.format(Locale.ROOT, "Air quality station %05d", location);
        r.parameter = PARAMETERS[parameter];
        r.unit = UNITS[parameter];
        r.value = 10.0 + (location * 7 + parameter * 3) % 40;
        r.eventTime = eventTime;
        r.arrivalTime = eventTime + Duration.ofMinutes(20).toMillis();
        return r;
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
