package org.aqlake.udfs.aqi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tables against EPA-454/B-24-002 (May 2024), Table 6, transcribed here independently of the
 * code: every breakpoint edge, the truncation rule, and the TAD's worked examples.
 */
class BreakpointTableTest {

    @ParameterizedTest(name = "{0} at {1} is AQI {2}")
    @CsvSource({
        // PM2.5 24-hour, µg/m³, with the 2024 revision (good ends at 9.0, unhealthy at 125.4, very unhealthy at 225.4)
        "PM25_24H, 0.0, 0", "PM25_24H, 9.0, 50", "PM25_24H, 9.1, 51", "PM25_24H, 35.4, 100",
        "PM25_24H, 35.5, 101", "PM25_24H, 55.4, 150", "PM25_24H, 55.5, 151", "PM25_24H, 125.4, 200",
        "PM25_24H, 125.5, 201", "PM25_24H, 225.4, 300", "PM25_24H, 225.5, 301", "PM25_24H, 325.4, 500",
        // PM10 24-hour, µg/m³
        "PM10_24H, 0, 0", "PM10_24H, 54, 50", "PM10_24H, 55, 51", "PM10_24H, 154, 100", "PM10_24H, 155, 101",
        "PM10_24H, 254, 150", "PM10_24H, 255, 151", "PM10_24H, 354, 200", "PM10_24H, 355, 201",
        "PM10_24H, 424, 300", "PM10_24H, 425, 301", "PM10_24H, 604, 500",
        // O3 8-hour, ppm
        "O3_8H, 0.000, 0", "O3_8H, 0.054, 50", "O3_8H, 0.055, 51", "O3_8H, 0.070, 100", "O3_8H, 0.071, 101",
        "O3_8H, 0.085, 150", "O3_8H, 0.086, 151", "O3_8H, 0.105, 200", "O3_8H, 0.106, 201", "O3_8H, 0.200, 300",
        // O3 1-hour, ppm
        "O3_1H, 0.125, 101", "O3_1H, 0.164, 150", "O3_1H, 0.165, 151", "O3_1H, 0.204, 200", "O3_1H, 0.205, 201",
        "O3_1H, 0.404, 300", "O3_1H, 0.405, 301", "O3_1H, 0.604, 500",
        // CO 8-hour, ppm
        "CO_8H, 0.0, 0", "CO_8H, 4.4, 50", "CO_8H, 4.5, 51", "CO_8H, 9.4, 100", "CO_8H, 9.5, 101",
        "CO_8H, 12.4, 150", "CO_8H, 12.5, 151", "CO_8H, 15.4, 200", "CO_8H, 15.5, 201", "CO_8H, 30.4, 300",
        "CO_8H, 30.5, 301", "CO_8H, 50.4, 500",
        // SO2 1-hour and 24-hour, ppb
        "SO2_1H, 0, 0", "SO2_1H, 35, 50", "SO2_1H, 36, 51", "SO2_1H, 75, 100", "SO2_1H, 76, 101",
        "SO2_1H, 185, 150", "SO2_1H, 186, 151", "SO2_1H, 304, 200",
        "SO2_24H, 305, 201", "SO2_24H, 604, 300", "SO2_24H, 605, 301", "SO2_24H, 1004, 500",
        // NO2 1-hour, ppb
        "NO2_1H, 0, 0", "NO2_1H, 53, 50", "NO2_1H, 54, 51", "NO2_1H, 100, 100", "NO2_1H, 101, 101",
        "NO2_1H, 360, 150", "NO2_1H, 361, 151", "NO2_1H, 649, 200", "NO2_1H, 650, 201", "NO2_1H, 1249, 300",
        "NO2_1H, 1250, 301", "NO2_1H, 2049, 500",
    })
    void everyBreakpointEdgeOfTheTadMapsOntoItsIndexEdge(BreakpointTable table, double concentration, int aqi) {
        assertThat(table.index(concentration)).isEqualTo(aqi);
    }

    @ParameterizedTest(name = "{0}: {1} is cut to {2} and gives AQI {3}")
    @CsvSource({
        "PM25_24H, 9.09, 9.0, 50", "PM25_24H, 35.49, 35.4, 100", "PM25_24H, 12.345, 12.3, 57",
        "PM10_24H, 54.9, 54, 50", "PM10_24H, 154.99, 154, 100",
        "O3_8H, 0.0549, 0.054, 50", "O3_8H, 0.07853, 0.078, 126",
        "O3_1H, 0.1649, 0.164, 150",
        "CO_8H, 4.49, 4.4, 50", "CO_8H, 9.46, 9.4, 100",
        "SO2_1H, 35.9, 35, 50", "SO2_1H, 304.99, 304, 200",
        "NO2_1H, 53.99, 53, 50", "NO2_1H, 100.7, 100, 100",
    })
    void truncatesTheConcentrationToTheTablePrecisionInsteadOfRounding(
            BreakpointTable table, double concentration, double truncated, int aqi) {
        assertThat(table.truncate(concentration)).isEqualTo(truncated);
        assertThat(table.index(concentration)).isEqualTo(aqi);
    }

    @Test
    void theTadsWorkedOzoneExampleOf0point07853PpmIsAqi126() {
        // TAD: truncate to 0.078, row 0.071-0.085 -> 101-150, (150-101)/(0.085-0.071) x (0.078-0.071) + 101 = 125.5
        assertThat(Aqi.o3EightHour(0.07853)).isEqualTo(126);
    }

    @Test
    void theTadsMultiPollutantExampleGivesOzone126Pm25102AndCo90() {
        assertThat(Aqi.o3EightHour(0.078)).isEqualTo(126);
        assertThat(Aqi.pm25(35.9)).isEqualTo(102);
        assertThat(Aqi.co(8.4)).isEqualTo(90);
    }

    @Test
    void theRevisedPm25TableMakesTheOldGoodLimitOf12Moderate() {
        // 12.0 µg/m³ was AQI 50 before May 2024; now it lies in 9.1-35.4 -> 51-100
        assertThat(Aqi.pm25(12.0)).isEqualTo(56);
        assertThat(AqiCategory.of(Aqi.pm25(12.0))).isEqualTo(AqiCategory.MODERATE);
    }

    @Test
    void roundsAnExactHalfUp() {
        // 0.078 ppm of 8-hour O3 interpolates to exactly 125.5, which binary doubles would not keep
        assertThat(BreakpointTable.O3_8H.rows().get(2).interpolate(new java.math.BigDecimal("0.078")))
                .isEqualByComparingTo("125.5");
        assertThat(Aqi.o3EightHour(0.078)).isEqualTo(126);
    }

    @ParameterizedTest
    @EnumSource(value = BreakpointTable.class, names = {"PM25_24H", "PM10_24H", "O3_8H", "CO_8H", "SO2_1H", "NO2_1H"})
    void aConcentrationBelowZeroIsNoiseAroundZeroAndGivesAqi0(BreakpointTable table) {
        assertThat(table.index(-0.5)).isZero();
        assertThat(table.index(-9.0)).isZero();
        assertThat(table.index(Double.NEGATIVE_INFINITY)).isZero();
    }

    @Test
    void oneHourOzoneBelow0point125PpmHasNoIndexBecauseOnlyTheEightHourValueIsUsed() {
        assertThat(Aqi.o3OneHour(0.124)).isNull();
        assertThat(Aqi.o3OneHour(0.0)).isNull();
    }

    @Test
    void eightHourOzoneAbove0point200PpmHasNoIndexBecauseTheOneHourValueDecides() {
        assertThat(Aqi.o3EightHour(0.2009)).isEqualTo(300);
        assertThat(Aqi.o3EightHour(0.201)).isNull();
    }

    @Test
    void oneHourSo2Above304PpbHasNoIndexBecauseTheTwentyFourHourMeanDecides() {
        assertThat(Aqi.so2OneHour(304.9)).isEqualTo(200);
        assertThat(Aqi.so2OneHour(305)).isNull();
        assertThat(Aqi.so2TwentyFourHour(304)).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = BreakpointTable.class, names = {"PM25_24H", "PM10_24H", "O3_1H", "CO_8H", "SO2_24H", "NO2_1H"})
    void beyondTheTopBreakpointTheHazardousLineContinuesAbove500(BreakpointTable table) {
        Breakpoint top = table.rows().get(table.rows().size() - 1);
        double topConcentration = top.concentrationHigh().doubleValue();

        assertThat(table.index(topConcentration)).isEqualTo(500);
        assertThat(table.index(topConcentration * 2)).isGreaterThan(500);
        assertThat(table.index(topConcentration * 3)).isGreaterThan(table.index(topConcentration * 2));
        assertThat(table.index(Double.POSITIVE_INFINITY)).isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @EnumSource(BreakpointTable.class)
    void nanHasNoIndex(BreakpointTable table) {
        assertThat(table.index(Double.NaN)).isNull();
    }

    @ParameterizedTest
    @EnumSource(BreakpointTable.class)
    void eachRowStartsOneStepOfPrecisionAfterTheRowBeforeAndOneIndexHigher(BreakpointTable table) {
        java.math.BigDecimal step = java.math.BigDecimal.ONE.movePointLeft(table.decimals());
        for (int i = 1; i < table.rows().size(); i++) {
            Breakpoint before = table.rows().get(i - 1);
            Breakpoint row = table.rows().get(i);
            assertThat(row.concentrationLow()).as("%s row %d", table, i)
                    .isEqualByComparingTo(before.concentrationHigh().add(step));
            assertThat(row.indexLow()).as("%s row %d", table, i).isEqualTo(before.indexHigh() + 1);
        }
        assertThat(table.rows()).allSatisfy(r -> assertThat(r.concentrationLow().scale()).isEqualTo(table.decimals()));
    }

    @Test
    void theTablesCarryTheUnitsOfTheTad() {
        assertThat(Arrays.stream(BreakpointTable.values()).collect(Collectors.toMap(t -> t, BreakpointTable::unit)))
                .containsEntry(BreakpointTable.PM25_24H, "\u00B5g/m\u00B3")
                .containsEntry(BreakpointTable.PM10_24H, "\u00B5g/m\u00B3")
                .containsEntry(BreakpointTable.O3_8H, "ppm")
                .containsEntry(BreakpointTable.O3_1H, "ppm")
                .containsEntry(BreakpointTable.CO_8H, "ppm")
                .containsEntry(BreakpointTable.SO2_1H, "ppb")
                .containsEntry(BreakpointTable.SO2_24H, "ppb")
                .containsEntry(BreakpointTable.NO2_1H, "ppb");
    }
}
