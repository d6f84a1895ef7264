package org.aqlake.udfs.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The levels of the WHO global air quality guidelines 2021 (Executive summary, Table 0.1). */
class WhoGuidelineTest {

    static final double NONE = Double.NaN;

    static double[] hours(int count, double value) {
        double[] h = new double[count];
        Arrays.fill(h, value);
        return h;
    }

    @ParameterizedTest(name = "{0} {1}: {2} {3}")
    @CsvSource({
        "PM25, 24h, 15, \u00B5g/m\u00B3", "PM25, annual, 5, \u00B5g/m\u00B3",
        "PM10, 24h, 45, \u00B5g/m\u00B3", "PM10, annual, 15, \u00B5g/m\u00B3",
        "O3, 8h, 100, \u00B5g/m\u00B3", "O3, peak-season, 60, \u00B5g/m\u00B3",
        "NO2, 24h, 25, \u00B5g/m\u00B3", "NO2, annual, 10, \u00B5g/m\u00B3",
        "SO2, 24h, 40, \u00B5g/m\u00B3",
        "CO, 24h, 4, mg/m\u00B3",
    })
    void usesTheWho2021GuidelineLevels(Pollutant pollutant, String averaging, double level, String unit) {
        WhoGuideline g = Arrays.stream(WhoGuideline.values())
                .filter(x -> x.pollutant() == pollutant && x.averaging().label().equals(averaging))
                .findFirst().orElseThrow();

        assertThat(g.level()).isEqualTo(level);
        assertThat(g.unit().label()).isEqualTo(unit);
    }

    @Test
    void listsExactlyTheTenLevelsOfTheGuidelines() {
        assertThat(WhoGuideline.values()).hasSize(10);
    }

    @ParameterizedTest
    @EnumSource(value = Pollutant.class, names = {"PM25", "PM10", "NO2", "SO2", "CO"})
    void theShortTermGuidelineOfMostPollutantsIsTheTwentyFourHourMean(Pollutant pollutant) {
        assertThat(WhoGuideline.shortTerm(pollutant).averaging()).isEqualTo(Averaging.TWENTY_FOUR_HOURS);
    }

    @Test
    void theShortTermGuidelineOfOzoneIsTheEightHourMean() {
        assertThat(WhoGuideline.shortTerm(Pollutant.O3)).isEqualTo(WhoGuideline.O3_8H);
    }

    @ParameterizedTest
    @EnumSource(value = Pollutant.class, names = {"PM1", "NO", "NOX", "BC", "CO2", "CH4"})
    void pollutantsWithoutAWhoLevelAreNeverChecked(Pollutant pollutant) {
        assertThat(WhoGuideline.shortTerm(pollutant)).isNull();
        assertThat(WhoCheck.of(pollutant, hours(24, 1_000))).isNull();
    }

    @Test
    void aLevelIsExceededOnlyByAMeanAboveIt() {
        assertThat(WhoGuideline.PM25_24H.exceededBy(15.0)).isFalse();
        assertThat(WhoGuideline.PM25_24H.exceededBy(15.01)).isTrue();
    }

    @Test
    void checksPm25AgainstItsTwentyFourHourMeanWithEighteenHoursAtLeast() {
        double[] day = hours(24, 16);

        assertThat(WhoCheck.of(Pollutant.PM25, day).exceeds()).isTrue();
        assertThat(WhoCheck.of(Pollutant.PM25, day).mean()).isEqualTo(16.0);
        assertThat(WhoCheck.of(Pollutant.PM25, Arrays.copyOf(day, 18))).isNotNull();
        assertThat(WhoCheck.of(Pollutant.PM25, Arrays.copyOf(day, 17))).isNull();
    }

    @Test
    void convertsNitrogenDioxideFromPpbToMicrogramsBeforeComparing() {
        // 25 µg/m³ of NO2 is 25 x 24.45 / 46.01 = 13.29 ppb
        WhoCheck above = WhoCheck.of(Pollutant.NO2, hours(24, 14));
        WhoCheck below = WhoCheck.of(Pollutant.NO2, hours(24, 13));

        assertThat(above.mean()).isCloseTo(14 * 46.01 / 24.45, within(1e-9));
        assertThat(above.exceeds()).isTrue();
        assertThat(below.exceeds()).isFalse();
        assertThat(above.guideline().unit()).isEqualTo(ConcentrationUnit.UG_PER_M3);
    }

    @Test
    void checksOzoneAgainstItsEightHourMeanInMicrograms() {
        // 100 µg/m³ of O3 is 100 x 24.45 / 48.00 = 50.94 ppb
        assertThat(WhoCheck.of(Pollutant.O3, hours(8, 51)).exceeds()).isTrue();
        assertThat(WhoCheck.of(Pollutant.O3, hours(8, 50)).exceeds()).isFalse();
        assertThat(WhoCheck.of(Pollutant.O3, new double[] {51, 51, 51, 51, 51, NONE, NONE, NONE})).isNull();
    }

    @Test
    void checksCarbonMonoxideInMilligramsPerCubicMetre() {
        // 4 mg/m³ of CO is 4 x 24.45 / 28.01 = 3.49 ppm
        WhoCheck check = WhoCheck.of(Pollutant.CO, hours(24, 3.6));

        assertThat(check.mean()).isCloseTo(3.6 * 28.01 / 24.45, within(1e-9));
        assertThat(check.exceeds()).isTrue();
        assertThat(WhoCheck.of(Pollutant.CO, hours(24, 3.4)).exceeds()).isFalse();
    }
}
