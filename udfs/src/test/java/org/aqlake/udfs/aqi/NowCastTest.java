package org.aqlake.udfs.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NowCastTest {

    static final double NONE = Double.NaN;
    static final double TOLERANCE = 1e-9;

    /**
     * AirNow's worked NowCast example ("Computing the NowCast", EPA/AirNow): 12 hourly PM2.5 means,
     * newest first. Range 90 - 10 over maximum 90 gives a weight factor of 0.11, raised to the 0.5
     * minimum, and a NowCast of 17.4 µg/m³.
     */
    static final double[] AIRNOW_EXAMPLE = {13, 16, 10, 21, 74, 64, 53, 82, 90, 75, 80, 50};

    @Test
    void airNowsWorkedExampleIs17point4MicrogramsPerCubicMetre() {
        double nowCast = NowCast.pm(AIRNOW_EXAMPLE);

        assertThat(BreakpointTable.PM25_24H.truncate(nowCast)).isEqualTo(17.4);
    }

    @Test
    void airNowsWorkedExampleIsModerateOnTheRevisedPm25Table() {
        // 17.4 in 9.1-35.4 -> 51-100: 49 x 8.3 / 26.3 + 51 = 66.46
        assertThat(Aqi.pm25(NowCast.pm(AIRNOW_EXAMPLE))).isEqualTo(66);
    }

    @Test
    void stableAirUsesTheMinimumOverMaximumAsWeightFactor() {
        // weight 8 / 10 = 0.8: (10 + 0.8 x 8) / (1 + 0.8)
        assertThat(NowCast.pm(10, 8)).isCloseTo((10 + 0.8 * 8) / 1.8, within(TOLERANCE));
    }

    @Test
    void changingAirNeverWeighsOlderHoursLessThanHalfPerHour() {
        // weight 1 / 100 = 0.01, raised to 0.5: (1 + 0.5 x 100) / 1.5
        assertThat(NowCast.pm(1, 100)).isCloseTo((1 + 0.5 * 100) / 1.5, within(TOLERANCE));
    }

    @Test
    void aMissingHourDropsOutOfBothSumsButKeepsTheAgeOfTheHoursAfterIt() {
        // hours 0 and 2 present: weight 10 / 20 = 0.5; (20 + 0.25 x 10) / (1 + 0.25)
        assertThat(NowCast.pm(20, NONE, 10)).isCloseTo((20 + 0.25 * 10) / 1.25, within(TOLERANCE));
    }

    @Test
    void needsTwoOfTheThreeMostRecentHours() {
        assertThat(NowCast.pm(NONE, NONE, 10, 10, 10, 10)).isNaN();
        assertThat(NowCast.pm(10, NONE, NONE, 10, 10, 10)).isNaN();
        assertThat(NowCast.pm(10)).isNaN();
        assertThat(NowCast.pm(NONE, 10, 10)).isEqualTo(10.0);
    }

    @Test
    void usesOnlyTheTwelveMostRecentHours() {
        double[] thirteen = new double[13];
        java.util.Arrays.fill(thirteen, 10);
        thirteen[12] = 1_000;

        assertThat(NowCast.pm(thirteen)).isEqualTo(10.0);
    }

    @Test
    void treatsNegativeHourlyMeansAsZero() {
        assertThat(NowCast.pm(-1, -2)).isZero();
        assertThat(NowCast.pm(4, -2)).isCloseTo((4 + 0.5 * 0) / 1.5, within(TOLERANCE));
    }
}
