package org.aqlake.udfs.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ReferenceUnitsTest {

    @ParameterizedTest(name = "{0} is aggregated in {1}")
    @CsvSource({
        "PM1, UG_PER_M3", "PM25, UG_PER_M3", "PM10, UG_PER_M3", "BC, UG_PER_M3",
        "O3, PPB", "NO2, PPB", "NO, PPB", "NOX, PPB", "SO2, PPB",
        "CO, PPM", "CO2, PPM", "CH4, PPM",
    })
    void followsAirNowsUnitsMicrogramsForParticlesPpbForReactiveGasesPpmForCarbonMonoxide(
            Pollutant pollutant, ConcentrationUnit unit) {
        assertThat(ReferenceUnits.of(pollutant)).isEqualTo(unit);
    }

    @Test
    void convertsOzoneInPpmAndMicrogramsToPpb() {
        assertThat(ReferenceUnits.toReference(0.07, ConcentrationUnit.PPM, Pollutant.O3)).isCloseTo(70.0, within(1e-9));
        assertThat(ReferenceUnits.toReference(100.0, ConcentrationUnit.UG_PER_M3, Pollutant.O3))
                .isCloseTo(100.0 * 24.45 / 48.00, within(1e-9));
    }

    @Test
    void convertsCarbonMonoxideInMilligramsToPpm() {
        assertThat(ReferenceUnits.toReference(1.1456, ConcentrationUnit.MG_PER_M3, Pollutant.CO))
                .isCloseTo(1.1456 * 24.45 / 28.01, within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(value = Pollutant.class, names = {"PM1", "PM25", "PM10", "BC"})
    void aParticulateReportedAsAMixingRatioHasNoReferenceValue(Pollutant pollutant) {
        assertThat(ReferenceUnits.toReference(10, ConcentrationUnit.PPB, pollutant)).isNaN();
        assertThat(ReferenceUnits.toReference(0.01, ConcentrationUnit.MG_PER_M3, pollutant)).isCloseTo(10, within(1e-9));
    }
}
