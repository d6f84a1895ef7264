package org.aqlake.job.aggregate;

import org.aqlake.job.model.Aggregate;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digest the aggregation keeps of a window's rows: a window without coordinates, as every window restored
 * from a savepoint taken before coordinates is, keeps the digest it was stored with, so its next recomputation
 * writes no revision when nothing changed.
 */
class AggregateRowsTest {

    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long TEN_MINUTES = Duration.ofMinutes(10).toMillis();

    @Test
    void theDigestOfRowsWithoutCoordinatesIsTheOneWindowsInOldSavepointsWereStoredWith() {
        List<Aggregate> rows = List.of(row("pm25", 12.0, 57), row("no2", 30.0, null));

        assertThat(AggregateRows.digest(rows)).isEqualTo(digestBeforeCoordinates(rows));
    }

    @Test
    void coordinatesChangeTheDigestSoAStationThatMovedGetsARevision() {
        Aggregate here = row("pm25", 12.0, 57);
        Aggregate there = row("pm25", 12.0, 57);
        there.latitude = 51.52;
        there.longitude = -0.15;
        Aggregate moved = row("pm25", 12.0, 57);
        moved.latitude = 51.53;
        moved.longitude = -0.15;

        assertThat(AggregateRows.digest(List.of(there))).isNotEqualTo(AggregateRows.digest(List.of(here)))
                .isNotEqualTo(AggregateRows.digest(List.of(moved)));
    }

    static Aggregate row(String parameter, double mean, Integer aqi) {
        Aggregate a = new Aggregate();
        a.windowStart = T0;
        a.windowEnd = T0 + HOUR;
        a.location = "Marylebone Road";
        a.city = "London";
        a.country = "GB";
        a.parameter = parameter;
        a.unit = "\u00B5g/m\u00B3";
        a.count = 3;
        a.min = mean - 2;
        a.max = mean + 2;
        a.mean = mean;
        a.firstTime = T0 + TEN_MINUTES;
        a.lastTime = T0 + 5 * TEN_MINUTES;
        a.aqi = aqi;
        a.aqiConcentration = aqi == null ? null : mean;
        a.aqiAveraging = aqi == null ? null : "nowcast";
        a.locationAqi = 57;
        a.dominantPollutant = "pm25";
        a.whoMean = mean;
        return a;
    }

    /** The digest as it was computed before rows had coordinates, the value stored in older savepoints. */
    static long digestBeforeCoordinates(List<Aggregate> rows) {
        long h = 0xcbf29ce484222325L;
        for (Aggregate a : rows) {
            h = mix(h, a.windowStart);
            h = mix(h, a.count);
            h = mix(h, Double.doubleToLongBits(a.min));
            h = mix(h, Double.doubleToLongBits(a.max));
            h = mix(h, Double.doubleToLongBits(a.mean));
            h = mix(h, a.firstTime);
            h = mix(h, a.lastTime);
            h = mix(h, String.valueOf(a.parameter).hashCode());
            h = mix(h, String.valueOf(a.unit).hashCode());
            h = mix(h, a.aqi == null ? -1 : a.aqi);
            h = mix(h, a.aqiConcentration == null ? -1 : Double.doubleToLongBits(a.aqiConcentration));
            h = mix(h, String.valueOf(a.aqiAveraging).hashCode());
            h = mix(h, a.locationAqi == null ? -1 : a.locationAqi);
            h = mix(h, String.valueOf(a.dominantPollutant).hashCode());
            h = mix(h, a.whoMean == null ? -1 : Double.doubleToLongBits(a.whoMean));
        }
        return h;
    }

    static long mix(long h, long v) {
        h ^= v;
        h *= 0x100000001b3L;
        return h ^ (h >>> 29);
    }
}
