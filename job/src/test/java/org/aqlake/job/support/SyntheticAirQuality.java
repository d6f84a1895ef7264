package org.aqlake.job.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.aqlake.job.model.KinesisRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A day and a bit of deterministic readings from several stations, for the aggregates test: every
 * AQI pollutant plus one without AQI, O3 in two units at one station, hours missing here and there,
 * and levels from good to very unhealthy (SO2 above 304 ppb, O3 above 0.125 ppm), so that every
 * averaging rule has work to do.
 *
 * <p>Every value is a multiple of a power of two (¼ µg/m³ or ppb, 1/1024 ppm for O3, 1/16 ppm for
 * CO): sums of such values are exact in any order, so a recomputation from the readings table gives
 * bit-identical hourly means, and an AQI truncation boundary can never be missed by rounding noise.
 */
public final class SyntheticAirQuality {

    public static final long BASE_TIME = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    public static final long HOUR = 3_600_000L;
    public static final int HOURS = 30;
    public static final String[] LOCATIONS = {
        "Tsinghua University", "Anand Vihar", "Marylebone Road", "Rozelle", "Punjabi Bagh", "Wanshouxigong",
        "North Kensington", "Liverpool",
    };
    /** The city of each of {@link #LOCATIONS} in {@link #record}, but for the {@link #MOBILE} station's. */
    static final String[] CITIES = {
        "Beijing", "Delhi", "London", "Sydney", "Delhi", "Beijing", "London", "Liverpool",
    };
    /**
     * A mobile station: it reports under one location name from two cities, in turn by hour (as OpenAQ's
     * mobile stations do), and moves with every reading.
     */
    public static final int MOBILE = 7;
    public static final List<String> MOBILE_CITIES = List.of("Liverpool", "Manchester");
    /** Readings of the first hours that the producer holds back and sends after everything else. */
    public static final int HELD_BACK_HOURS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One parameter as a station reports it: the unit, and the value for a step of the generator. */
    private enum Series {
        PM25("pm25", "\u00B5g/m\u00B3") {
            @Override
            double value(int l, int h, int i) {
                return quarter(4 * (5 + (h * 7 + l * 13 + i * 3) % 40 + (l == 1 ? 80 : 0) + (h % 24 > 18 ? 30 : 0)));
            }
        },
        PM10("pm10", "\u00B5g/m\u00B3") {
            @Override
            double value(int l, int h, int i) {
                return quarter(4 * (20 + (h * 11 + l * 17 + i * 5) % 90 + (l == 1 ? 200 : 0)) + i);
            }
        },
        O3_PPM("o3", "ppm") {
            @Override
            double value(int l, int h, int i) {
                // up to about 0.2 ppm in the afternoon at two stations: the 1-hour table comes into play
                int peak = (h % 24 >= 12 && h % 24 <= 16 && l % 4 == 2) ? 120 : 0;
                return (30 + (h * 5 + l * 3 + i) % 50 + peak) / 1024.0;
            }
        },
        O3_UG("o3", "\u00B5g/m\u00B3") {
            @Override
            double value(int l, int h, int i) {
                return quarter(4 * (60 + (h * 3 + i * 7) % 50));
            }

            @Override
            boolean reportedBy(int l) {
                return l == 0;
            }
        },
        NO2("no2", "ppb") {
            @Override
            double value(int l, int h, int i) {
                return quarter(4 * (8 + (h * 13 + l * 7 + i * 11) % 70 + (l == 2 ? 300 : 0)) + 1);
            }
        },
        SO2("so2", "ppb") {
            @Override
            double value(int l, int h, int i) {
                // one station near a smelter: far above 304 ppb all day, so the 24-hour rule decides
                return quarter(4 * (2 + (h * 3 + l * 5 + i) % 30 + (l == 5 ? 420 : 0)) + 2);
            }
        },
        CO("co", "ppm") {
            @Override
            double value(int l, int h, int i) {
                return (4 + (h * 9 + l * 5 + i * 3) % 120 + (l == 1 ? 100 : 0)) / 16.0;
            }
        },
        BC("bc", "\u00B5g/m\u00B3") {
            @Override
            double value(int l, int h, int i) {
                return quarter(1 + (h + l + i) % 20);
            }
        };

        final String parameter;
        final String unit;

        Series(String parameter, String unit) {
            this.parameter = parameter;
            this.unit = unit;
        }

        abstract double value(int location, int hour, int index);

        boolean reportedBy(int location) {
            return true;
        }

        static double quarter(int quarters) {
            return quarters / 4.0;
        }
    }

    /** A reading to send, with the time it is measured at. */
    public static final class Sample {
        public final String id;
        public final String location;
        public final String parameter;
        public final String unit;
        public final double value;
        public final long eventTime;

        Sample(String id, String location, String parameter, String unit, double value, long eventTime) {
            this.id = id;
            this.location = location;
            this.parameter = parameter;
            this.unit = unit;
            this.value = value;
            this.eventTime = eventTime;
        }
    }

    private SyntheticAirQuality() {}

    /**
     * All readings in the order the producer sends them: by event time, except the first hours'
     * readings of every other station, which come last, hours behind everything else.
     */
    public static List<Sample> samples() {
        List<Sample> inOrder = new ArrayList<>();
        List<Sample> heldBack = new ArrayList<>();
        int n = 0;
        for (int l = 0; l < LOCATIONS.length; l++) {
            for (Series s : Series.values()) {
                if (!s.reportedBy(l)) {
                    continue;
                }
                for (int h = 0; h < HOURS; h++) {
                    if ((l * 7 + h * (s.ordinal() + 2)) % 13 == 0) {
                        continue; // an hour without data: the averaging rules must cope
                    }
                    int perHour = 6 + (l + h + s.ordinal()) % 4;
                    for (int i = 0; i < perHour; i++) {
                        long t = BASE_TIME + h * HOUR + i * (HOUR / perHour) + (l * 7_919L + i * 104_729L) % 60_000L;
                        Sample sample = new Sample("agg-" + n++, LOCATIONS[l], s.parameter, s.unit, s.value(l, h, i), t);
                        (h < HELD_BACK_HOURS && l % 2 == 1 ? heldBack : inOrder).add(sample);
                    }
                }
            }
        }
        inOrder.sort(Comparator.comparingLong((Sample s) -> s.eventTime).thenComparing(s -> s.id));
        inOrder.addAll(heldBack);
        return inOrder;
    }

    /** The Kinesis record a producer would send: OpenAQ realtime JSON, arrived a minute after measurement. */
    public static KinesisRecord record(Sample s, int sequence) {
        ObjectNode json = JSON.createObjectNode();
        json.putObject("date").put("utc", Instant.ofEpochMilli(s.eventTime).toString());
        json.put("parameter", s.parameter);
        json.put("location", s.location);
        json.put("value", s.value);
        json.put("unit", s.unit);
        int l = Arrays.asList(LOCATIONS).indexOf(s.location);
        long step = (s.eventTime - BASE_TIME) / 60_000L;
        json.put("city", l == MOBILE ? MOBILE_CITIES.get((int) (step / 60 % 2)) : CITIES[l]);
        json.put("country", "XX");
        // a fixed station stays put; the mobile one moves a little every minute
        json.putObject("coordinates").put("latitude", 10.0 + l + (l == MOBILE ? step / 1000.0 : 0))
                .put("longitude", 20.0 + l + (l == MOBILE ? step / 2000.0 : 0));
        json.put("sourceName", "synthetic");
        // reference stations, exempt from consent: a sensorId without a source type would need its owner's consent
        json.put("sourceType", "government");
        json.put("sensorId", s.id);
        try {
            byte[] payload = JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
            return new KinesisRecord(payload, "aq-readings", "shardId-00000000000" + sequence % 4,
                    String.valueOf(sequence), s.id, s.eventTime + 60_000L);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
