package org.aqlake.udfs.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.aqlake.udfs.units.ConcentrationUnit.MG_PER_M3;
import static org.aqlake.udfs.units.ConcentrationUnit.PPB;
import static org.aqlake.udfs.units.ConcentrationUnit.PPM;
import static org.aqlake.udfs.units.ConcentrationUnit.UG_PER_M3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UnitConversionsTest {

    @Test
    void usesTheMolarVolumeAt25DegreesAndOneAtmosphere() {
        assertThat(UnitConversions.MOLAR_VOLUME_L_PER_MOL).isEqualTo(24.45);
    }

    @Test
    void onePpbOfOzoneIsAbout1point963MicrogramsPerCubicMetre() {
        assertThat(UnitConversions.ppbToUgPerM3(Pollutant.O3, 1.0)).isCloseTo(1.963, within(0.0005));
    }

    @Test
    void onePpmOfCarbonMonoxideIsAbout1145point6MicrogramsPerCubicMetre() {
        assertThat(UnitConversions.convert(1.0, PPM, UG_PER_M3, Pollutant.CO)).isCloseTo(1145.6, within(0.05));
        assertThat(UnitConversions.convert(1.0, PPM, MG_PER_M3, Pollutant.CO)).isCloseTo(1.1456, within(0.00005));
    }

    @Test
    void theWhoAnnualNo2GuidelineOf40MicrogramsIsAbout21Ppb() {
        assertThat(UnitConversions.ugPerM3ToPpb(Pollutant.NO2, 40.0)).isCloseTo(21.26, within(0.005));
    }

    @Test
    void convertsBetweenPpmAndPpbByAFactorOfAThousand() {
        assertThat(UnitConversions.ppmToPpb(0.07)).isCloseTo(70.0, within(1e-12));
        assertThat(UnitConversions.ppbToPpm(70.0)).isCloseTo(0.07, within(1e-12));
    }

    @Test
    void convertsWithinAFamilyWithoutNeedingAPollutant() {
        assertThat(UnitConversions.convert(1.5, MG_PER_M3, UG_PER_M3, null)).isEqualTo(1500.0);
        assertThat(UnitConversions.convert(1500.0, UG_PER_M3, MG_PER_M3, null)).isEqualTo(1.5);
        assertThat(UnitConversions.convert(0.05, PPM, PPB, null)).isCloseTo(50.0, within(1e-12));
        assertThat(UnitConversions.convert(50.0, PPB, PPM, Pollutant.PM25)).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void convertsMassConcentrationsOfParticulatesBetweenMassUnits() {
        assertThat(UnitConversions.convert(0.035, MG_PER_M3, UG_PER_M3, Pollutant.PM25)).isCloseTo(35.0, within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(ConcentrationUnit.class)
    void returnsTheValueUnchangedForTheSameUnit(ConcentrationUnit unit) {
        assertThat(UnitConversions.convert(42.0, unit, unit, null)).isEqualTo(42.0);
    }

    @Test
    void convertsMassToVolumeWithTheSameFormulaAsTheDedicatedMethods() {
        assertThat(UnitConversions.convert(100.0, UG_PER_M3, PPB, Pollutant.SO2))
                .isEqualTo(UnitConversions.ugPerM3ToPpb(Pollutant.SO2, 100.0));
        assertThat(UnitConversions.convert(100.0, PPB, UG_PER_M3, Pollutant.SO2))
                .isEqualTo(UnitConversions.ppbToUgPerM3(Pollutant.SO2, 100.0));
        assertThat(UnitConversions.convert(2.0, MG_PER_M3, PPM, Pollutant.CH4))
                .isCloseTo(2000.0 * 24.45 / 16.04 / 1000.0, within(1e-12));
    }

    @ParameterizedTest
    @EnumSource(value = Pollutant.class, names = {"PM1", "PM25", "PM10", "BC"})
    void refusesToConvertAParticulateBetweenMassAndVolumeNamingIt(Pollutant particulate) {
        assertThatThrownBy(() -> UnitConversions.convert(10.0, UG_PER_M3, PPB, particulate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(particulate.name())
                .hasMessageContaining(particulate.id());
        assertThatThrownBy(() -> UnitConversions.ppbToUgPerM3(particulate, 10.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(particulate.name());
        assertThatThrownBy(() -> UnitConversions.ugPerM3ToPpb(particulate, 10.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(particulate.name());
    }

    @Test
    void refusesToConvertBetweenMassAndVolumeWithoutAPollutant() {
        assertThatThrownBy(() -> UnitConversions.convert(1.0, PPM, MG_PER_M3, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a pollutant");
    }

    @Test
    void refusesNullUnits() {
        assertThatThrownBy(() -> UnitConversions.convert(1.0, null, PPB, Pollutant.O3)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> UnitConversions.convert(1.0, PPB, null, Pollutant.O3)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void propagatesNanAsAMissingMeasurement() {
        assertThat(UnitConversions.convert(Double.NaN, PPB, UG_PER_M3, Pollutant.O3)).isNaN();
    }
}
