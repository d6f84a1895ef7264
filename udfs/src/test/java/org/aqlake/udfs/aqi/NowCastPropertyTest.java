package org.aqlake.udfs.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class NowCastPropertyTest {

    static final double TOLERANCE = 1e-9;

    static double[] array(List<Double> hours) {
        return hours.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Property
    void liesBetweenTheLowestAndHighestOfTheTwelveHours(
            @ForAll @Size(min = 2, max = 12) List<@DoubleRange(min = 0, max = 1000) Double> hours) {
        double[] h = array(hours);
        double nowCast = NowCast.pm(h);

        assertThat(nowCast).isBetween(Arrays.stream(h).min().orElseThrow() - TOLERANCE,
                Arrays.stream(h).max().orElseThrow() + TOLERANCE);
    }

    @Property
    void ofAConstantSeriesIsThatConstant(
            @ForAll @DoubleRange(min = 0, max = 1000) double level, @ForAll @Size(min = 2, max = 12) List<Boolean> shape) {
        double[] h = new double[shape.size()];
        Arrays.fill(h, level);

        assertThat(NowCast.pm(h)).isCloseTo(level, within(TOLERANCE * Math.max(1, level)));
    }

    @Property
    void raisingTheCurrentHourNeverLowersTheNowCast(
            @ForAll @Size(min = 2, max = 12) List<@DoubleRange(min = 0, max = 1000) Double> hours,
            @ForAll @DoubleRange(min = 0, max = 100) double rise) {
        double[] h = array(hours);
        double before = NowCast.pm(h);
        h[0] += rise;

        assertThat(NowCast.pm(h)).isGreaterThanOrEqualTo(before - TOLERANCE);
    }
}
