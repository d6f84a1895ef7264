package org.aqlake.job.bench;

import org.aqlake.job.model.KinesisRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The benchmark's input: valid readings in the OpenAQ realtime layout (attribution and local time
 * included, as the real feed sends them), wrapped as the Kinesis source would wrap them. Generated
 * once, before anything is timed, and shared by every variant so they all parse the same bytes.
 *
 * <p>Event time moves forward with the record index over {@link #SPAN_MILLIS} (with a little jitter,
 * well inside the job's out-of-orderness), the way a live stream does: hourly partitions fill one
 * after another and aggregate windows close as the watermark passes them. Most stations are government
 * stations, which the consent gate lets through without a registry entry; one in {@link
 * #COMMUNITY_EVERY} is a community sensor with a {@code serialNumber}, whose readings pass only with the
 * consent {@link #writeConsentRegistry} grants (the deployed job reads a registry, so the benchmark
 * does too). With that registry every reading must reach the readings table.
 */
public final class SyntheticPayloads {

    public static final long BASE_TIME = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    /** Two days of readings, whatever the count: about 48 hourly partitions and windows per location. */
    public static final long SPAN_MILLIS = 48 * 3_600_000L;
    public static final int LOCATIONS = 500;
    public static final String STREAM = "aq-readings";
    /** Every 25th station (4 % of the readings) is a privately owned community sensor. */
    public static final int COMMUNITY_EVERY = 25;

    private static final String[] CITIES = {"Beijing", "Delhi", "London", "Sydney", "Paris", "Lima", "Accra", "Denver"};
    private static final String[] COUNTRIES = {"CN", "IN", "GB", "AU", "FR", "PE", "GH", "US"};
    private static final String[] PARAMETERS = {"pm25", "pm10", "o3", "no2", "co", "so2"};
    private static final String[] UNITS = {"µg/m³", "µg/m³", "ppm", "ppm", "ppm", "ppm"};
    private static final String[] SHARDS = {"shardId-000000000000", "shardId-000000000001",
        "shardId-000000000002", "shardId-000000000003"};

    private SyntheticPayloads() {}

    public static KinesisRecord[] records(int count) {
        KinesisRecord[] out = new KinesisRecord[count];
        for (int i = 0; i < count; i++) {
            long t = eventTime(i, count);
            String location = "Station " + (i % LOCATIONS);
            byte[] payload = json(i, t).getBytes(StandardCharsets.UTF_8);
            // arrival a few seconds after the measurement, as with a live producer
            out[i] = new KinesisRecord(payload, STREAM, SHARDS[i % SHARDS.length],
                    sequenceNumber(i), location, t + 2_000 + (i % 7) * 1_000);
        }
        return out;
    }

    /** Forward in time with the index, jittered by up to a minute either way. */
    static long eventTime(int i, int count) {
        long forward = (long) ((double) i / count * SPAN_MILLIS);
        long jitter = ((i * 7919L) % 120_000L) - 60_000L;
        return Math.max(BASE_TIME, BASE_TIME + forward + jitter) / 1000 * 1000;
    }

    /** The 56-digit shape of real Kinesis sequence numbers. */
    private static String sequenceNumber(int i) {
        String digits = Integer.toString(i);
        StringBuilder sb = new StringBuilder(56).append("4960");
        for (int pad = 52 - digits.length(); pad > 0; pad--) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }

    /** Built by hand rather than with String.format, which would take minutes for two million payloads. */
    static String json(int i, long t) {
        int station = i % LOCATIONS;
        int city = station % CITIES.length;
        int p = (i / LOCATIONS) % PARAMETERS.length;
        double value = UNITS[p].equals("ppm") ? ((i * 31) % 900) / 10_000.0 : ((i * 17) % 4000) / 10.0;
        String utc = Instant.ofEpochMilli(t).toString();
        utc = utc.substring(0, 19) + ".000Z"; // t is whole seconds
        double lat = Math.round((-60 + (station * 0.2371) % 120) * 10_000) / 10_000.0;
        double lon = Math.round((-170 + (station * 0.6983) % 340) * 10_000) / 10_000.0;
        return new StringBuilder(400)
                .append("{\"date\":{\"utc\":\"").append(utc)
                .append("\",\"local\":\"").append(utc, 0, 19).append("+00:00")
                .append("\"},\"parameter\":\"").append(PARAMETERS[p])
                .append("\",\"location\":\"Station ").append(station)
                .append("\",\"value\":").append(value)
                .append(",\"unit\":\"").append(UNITS[p])
                .append("\",\"city\":\"").append(CITIES[city])
                .append("\",\"attribution\":[{\"name\":\"Benchmark Network\",\"url\":\"http://example.org/\"}],")
                .append("\"averagingPeriod\":{\"value\":1,\"unit\":\"hours\"},")
                .append("\"coordinates\":{\"latitude\":").append(lat)
                .append(",\"longitude\":").append(lon)
                .append("},\"country\":\"").append(COUNTRIES[city])
                .append("\",\"sourceName\":\"bench\",\"sourceType\":\"")
                .append(community(station) ? "community\",\"serialNumber\":\"" + serialNumber(station) : "government")
                .append("\",\"mobile\":false}")
                .toString();
    }

    static boolean community(int station) {
        return station % COMMUNITY_EVERY == COMMUNITY_EVERY - 1;
    }

    static String serialNumber(int station) {
        return "bench-sensor-" + station;
    }

    /** How many of the first {@code count} records come from community sensors. */
    public static int communityReadings(int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += community(i % LOCATIONS) ? 1 : 0;
        }
        return n;
    }

    /**
     * A consent registry snapshot (STEDI customer records as JSON lines) that grants every community
     * sensor consent from a day before the first reading.
     */
    public static Path writeConsentRegistry(Path file) throws IOException {
        long since = BASE_TIME - 24 * 3_600_000L;
        StringBuilder lines = new StringBuilder();
        for (int station = 0; station < LOCATIONS; station++) {
            if (community(station)) {
                lines.append("{\"serialNumber\":\"").append(serialNumber(station))
                        .append("\",\"shareWithResearchAsOfDate\":").append(since)
                        .append(",\"lastUpdateDate\":").append(since).append("}\n");
            }
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, lines, StandardCharsets.UTF_8);
    }

    /** Mean payload size in bytes. */
    public static double meanBytes(KinesisRecord[] records) {
        long sum = 0;
        for (KinesisRecord r : records) {
            sum += r.data.length;
        }
        return records.length == 0 ? 0 : (double) sum / records.length;
    }
}
