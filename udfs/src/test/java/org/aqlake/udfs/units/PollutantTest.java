package org.aqlake.udfs.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PollutantTest {

    @Test
    void hasTheCanonicalLowerCaseIdsUsedInTheLake() {
        assertThat(Arrays.stream(Pollutant.values()).map(Pollutant::id))
                .containsExactly("pm1", "pm25", "pm10", "o3", "no2", "no", "nox", "so2", "co", "bc", "co2", "ch4");
    }

    @ParameterizedTest
    @EnumSource(Pollutant.class)
    void resolvesItsOwnIdInAnyCase(Pollutant pollutant) {
        assertThat(Pollutant.fromName(pollutant.id())).isSameAs(pollutant);
        assertThat(Pollutant.fromName(pollutant.id().toUpperCase(Locale.ROOT))).isSameAs(pollutant);
    }

    @ParameterizedTest(name = "resolves \"{0}\" to {1}")
    @CsvSource(delimiter = '|', value = {
        "pm2.5|PM25", "PM2.5|PM25", "pm2_5|PM25", "pm_25|PM25", "pm 2.5|PM25", "PM25|PM25", "Pm2.5|PM25",
        "pm_10|PM10", "PM10|PM10", "pm10|PM10",
        "pm1.0|PM1", "PM1|PM1", "pm1|PM1",
        "O3|O3", "ozone|O3", "Ozone|O3",
        "NO2|NO2", "NO|NO", "NOx|NOX", "NOX|NOX",
        "SO2|SO2", "CO|CO", "CO2|CO2", "CH4|CH4",
        "BC|BC", "black carbon|BC", "Black Carbon|BC",
        "O\u2083|O3", "NO\u2082|NO2", "PM\u2082.\u2085|PM25",
    })
    void resolvesSpellingsSeenInRealFeeds(String raw, Pollutant expected) {
        assertThat(Pollutant.fromName(raw)).isSameAs(expected);
    }

    @Test
    void distinguishesPm1Point0FromPm10() {
        assertThat(Pollutant.fromName("pm1.0")).isSameAs(Pollutant.PM1);
        assertThat(Pollutant.fromName("pm10")).isSameAs(Pollutant.PM10);
    }

    @Test
    void ignoresSurroundingWhitespace() {
        assertThat(Pollutant.fromName("  PM2.5\t")).isSameAs(Pollutant.PM25);
        assertThat(Pollutant.fromName("\npm25 ")).isSameAs(Pollutant.PM25);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "pm4", "pm2.5.", "pm 2 5", "temperature", "humidity", "o 3", "ozon"})
    void returnsNullForUnknownNames(String raw) {
        assertThat(Pollutant.fromName(raw)).isNull();
    }

    @Test
    void usesTheStandardMolecularWeightsOfTheGases() {
        assertThat(Pollutant.O3.molecularWeight()).isEqualTo(48.00);
        assertThat(Pollutant.NO2.molecularWeight()).isEqualTo(46.01);
        assertThat(Pollutant.NO.molecularWeight()).isEqualTo(30.01);
        assertThat(Pollutant.SO2.molecularWeight()).isEqualTo(64.07);
        assertThat(Pollutant.CO.molecularWeight()).isEqualTo(28.01);
        assertThat(Pollutant.CO2.molecularWeight()).isEqualTo(44.01);
        assertThat(Pollutant.CH4.molecularWeight()).isEqualTo(16.04);
    }

    @Test
    void weighsNoxAsNo2BecauseItIsReportedAsNo2() {
        assertThat(Pollutant.NOX.molecularWeight()).isEqualTo(Pollutant.NO2.molecularWeight());
    }

    @ParameterizedTest
    @EnumSource(value = Pollutant.class, names = {"PM1", "PM25", "PM10", "BC"})
    void treatsParticlesAndBlackCarbonAsParticulatesWithoutMolecularWeight(Pollutant pollutant) {
        assertThat(pollutant.isParticulate()).isTrue();
        assertThat(pollutant.molecularWeight()).isNaN();
    }

    @ParameterizedTest
    @EnumSource(value = Pollutant.class, names = {"PM1", "PM25", "PM10", "BC"}, mode = EnumSource.Mode.EXCLUDE)
    void treatsGasesAsNotParticulate(Pollutant pollutant) {
        assertThat(pollutant.isParticulate()).isFalse();
        assertThat(pollutant.molecularWeight()).isBetween(16.0, 65.0);
    }

    @Test
    void molecularWeightsAgreeWithTheirAtomicComposition() {
        // C 12.011, N 14.007, O 15.999, S 32.065, H 1.008
        assertThat(Pollutant.O3.molecularWeight()).isCloseTo(3 * 15.999, within(0.01));
        assertThat(Pollutant.NO2.molecularWeight()).isCloseTo(14.007 + 2 * 15.999, within(0.01));
        assertThat(Pollutant.SO2.molecularWeight()).isCloseTo(32.065 + 2 * 15.999, within(0.01));
        assertThat(Pollutant.CH4.molecularWeight()).isCloseTo(12.011 + 4 * 1.008, within(0.01));
    }
}
