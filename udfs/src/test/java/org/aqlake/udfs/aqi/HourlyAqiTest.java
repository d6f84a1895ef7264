package org.aqlake.udfs.aqi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.aqlake.udfs.units.Pollutant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HourlyAqiTest {

    static final double NONE = Double.NaN;

    static double[] hours(int count, double value) {
        double[] h = new double[count];
        Arrays.fill(h, value);
        return h;
    }

    static double[] withGaps(double[] series, int... missing) {
        double[] h = series.clone();
        for (int i : missing) {
            h[i] = NONE;
        }
        return h;
    }

    @Test
    void pm25UsesTheNowCastOfTheLastTwelveHours() {
        SubIndex s = HourlyAqi.of(Pollutant.PM25, NowCastTest.AIRNOW_EXAMPLE);

        assertThat(s.averaging()).isEqualTo(Averaging.NOWCAST);
        assertThat(s.concentration()).isEqualTo(17.4);
        assertThat(s.aqi()).isEqualTo(Aqi.pm25(17.4));
    }

    @Test
    void pm10UsesTheNowCastTruncatedToAWholeMicrogram() {
        SubIndex s = HourlyAqi.of(Pollutant.PM10, new double[] {60.8, 60.8, 60.8});

        assertThat(s.averaging()).isEqualTo(Averaging.NOWCAST);
        assertThat(s.concentration()).isEqualTo(60.0);
        assertThat(s.aqi()).isEqualTo(Aqi.pm10(60));
    }

    @Test
    void particulatesWithoutTwoOfTheThreeRecentHoursHaveNoIndex() {
        assertThat(HourlyAqi.of(Pollutant.PM25, withGaps(hours(12, 20), 0, 1))).isNull();
        assertThat(HourlyAqi.of(Pollutant.PM10, withGaps(hours(12, 20), 1, 2))).isNull();
    }

    @Test
    void ozoneOfTheTadExampleAveragedOverEightHoursIsAqi126() {
        // the series is in the reference unit, ppb: 78.53 ppb is the TAD's 0.07853 ppm
        SubIndex s = HourlyAqi.of(Pollutant.O3, hours(8, 78.53));

        assertThat(s.averaging()).isEqualTo(Averaging.EIGHT_HOURS);
        assertThat(s.concentration()).isEqualTo(0.078);
        assertThat(s.aqi()).isEqualTo(126);
    }

    @Test
    void ozoneNeedsSixOfEightHoursForItsEightHourMean() {
        assertThat(HourlyAqi.of(Pollutant.O3, withGaps(hours(8, 60), 6, 7)).aqi()).isEqualTo(Aqi.o3EightHour(0.060));
        assertThat(HourlyAqi.of(Pollutant.O3, withGaps(hours(8, 60), 5, 6, 7))).isNull();
    }

    @Test
    void ozoneReportsTheHigherOfTheEightHourAndTheOneHourIndex() {
        double[] spike = hours(8, 80);
        spike[0] = 250;

        SubIndex s = HourlyAqi.of(Pollutant.O3, spike);

        int eightHour = Aqi.o3EightHour((250 + 7 * 80) / 8.0 / 1000);
        int oneHour = Aqi.o3OneHour(0.250);
        assertThat(oneHour).isGreaterThan(eightHour);
        assertThat(s.averaging()).isEqualTo(Averaging.ONE_HOUR);
        assertThat(s.concentration()).isEqualTo(0.250);
        assertThat(s.aqi()).isEqualTo(oneHour);
    }

    @Test
    void ozoneKeepsTheEightHourIndexWhenTheOneHourValueIsLower() {
        double[] h = hours(8, 80);
        h[0] = 130;

        SubIndex s = HourlyAqi.of(Pollutant.O3, h);

        assertThat(Aqi.o3OneHour(0.130)).isLessThan(Aqi.o3EightHour((130 + 7 * 80) / 8.0 / 1000));
        assertThat(s.averaging()).isEqualTo(Averaging.EIGHT_HOURS);
    }

    @Test
    void ozoneWithAnIncompleteEightHoursStillReportsAOneHourValueOfAtLeast0point125Ppm() {
        SubIndex s = HourlyAqi.of(Pollutant.O3, new double[] {140, NONE, NONE});

        assertThat(s.averaging()).isEqualTo(Averaging.ONE_HOUR);
        assertThat(s.aqi()).isEqualTo(Aqi.o3OneHour(0.140));
    }

    @Test
    void ozoneAboveTheEightHourTableCountsAsItsCeilingOf300UnlessTheOneHourValueSaysMore() {
        SubIndex flat = HourlyAqi.of(Pollutant.O3, hours(8, 210));
        double[] peak = hours(8, 210);
        peak[0] = 450;
        SubIndex peaking = HourlyAqi.of(Pollutant.O3, peak);

        assertThat(Aqi.o3OneHour(0.210)).isLessThan(Aqi.O3_8H_CEILING);
        assertThat(flat.aqi()).isEqualTo(Aqi.O3_8H_CEILING);
        assertThat(flat.averaging()).isEqualTo(Averaging.EIGHT_HOURS);
        assertThat(peaking.aqi()).isEqualTo(Aqi.o3OneHour(0.450)).isGreaterThan(Aqi.O3_8H_CEILING);
        assertThat(peaking.averaging()).isEqualTo(Averaging.ONE_HOUR);
    }

    @Test
    void carbonMonoxideOfTheTadExampleAveragedOverEightHoursIsAqi90() {
        SubIndex s = HourlyAqi.of(Pollutant.CO, hours(8, 8.4));

        assertThat(s.averaging()).isEqualTo(Averaging.EIGHT_HOURS);
        assertThat(s.aqi()).isEqualTo(90);
        assertThat(HourlyAqi.of(Pollutant.CO, withGaps(hours(8, 8.4), 0, 1, 2))).isNull();
    }

    @Test
    void nitrogenDioxideUsesTheCurrentHourAlone() {
        SubIndex s = HourlyAqi.of(Pollutant.NO2, new double[] {120, 10, 10});

        assertThat(s.averaging()).isEqualTo(Averaging.ONE_HOUR);
        assertThat(s.aqi()).isEqualTo(Aqi.no2(120));
        assertThat(HourlyAqi.of(Pollutant.NO2, new double[] {NONE, 10})).isNull();
    }

    @Test
    void sulphurDioxideUsesTheCurrentHourUpTo304Ppb() {
        SubIndex s = HourlyAqi.of(Pollutant.SO2, new double[] {250});

        assertThat(s.averaging()).isEqualTo(Averaging.ONE_HOUR);
        assertThat(s.aqi()).isEqualTo(Aqi.so2OneHour(250));
    }

    @Test
    void sulphurDioxideAbove304PpbUsesTheTwentyFourHourMeanWhenThatIsAt305PpbOrMore() {
        SubIndex s = HourlyAqi.of(Pollutant.SO2, hours(24, 400));

        assertThat(s.averaging()).isEqualTo(Averaging.TWENTY_FOUR_HOURS);
        assertThat(s.aqi()).isEqualTo(Aqi.so2TwentyFourHour(400));
    }

    @Test
    void sulphurDioxideAbove304PpbIsAqi200WhenTheDayMeanIsLowerOrIncomplete() {
        double[] lowDay = hours(24, 20);
        lowDay[0] = 400;

        assertThat(HourlyAqi.of(Pollutant.SO2, lowDay).aqi()).isEqualTo(Aqi.SO2_1H_CEILING);
        assertThat(HourlyAqi.of(Pollutant.SO2, new double[] {400}).aqi()).isEqualTo(Aqi.SO2_1H_CEILING);
        assertThat(HourlyAqi.of(Pollutant.SO2, new double[] {400}).averaging()).isEqualTo(Averaging.ONE_HOUR);
    }

    @ParameterizedTest
    @EnumSource(value = Pollutant.class, names = {"PM1", "NO", "NOX", "BC", "CO2", "CH4"})
    void pollutantsWithoutAnEpaTableHaveNoIndex(Pollutant pollutant) {
        assertThat(HourlyAqi.hasAqi(pollutant)).isFalse();
        assertThat(HourlyAqi.of(pollutant, hours(24, 10))).isNull();
    }

    @Test
    void theDominantPollutantOfTheTadExampleIsOzone() {
        SubIndex ozone = HourlyAqi.of(Pollutant.O3, hours(8, 78));
        SubIndex pm25 = new SubIndex(Pollutant.PM25, Averaging.NOWCAST, 35.9, Aqi.pm25(35.9));
        SubIndex co = HourlyAqi.of(Pollutant.CO, hours(8, 8.4));

        assertThat(List.of(ozone.aqi(), pm25.aqi(), co.aqi())).containsExactly(126, 102, 90);
        assertThat(HourlyAqi.dominant(List.of(co, pm25, ozone))).isSameAs(ozone);
    }

    @Test
    void aTieForDominantGoesToThePollutantTheTadListsFirst() {
        SubIndex pm25 = new SubIndex(Pollutant.PM25, Averaging.NOWCAST, 35.4, 100);
        SubIndex ozone = new SubIndex(Pollutant.O3, Averaging.EIGHT_HOURS, 0.070, 100);

        assertThat(HourlyAqi.dominant(List.of(pm25, ozone))).isSameAs(ozone);
        assertThat(HourlyAqi.dominant(List.of())).isNull();
    }
}
