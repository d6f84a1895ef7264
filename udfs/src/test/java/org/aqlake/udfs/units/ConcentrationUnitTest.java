package org.aqlake.udfs.units;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConcentrationUnitTest {

    static final char MICRO_SIGN = '\u00B5';
    static final char GREEK_SMALL_MU = '\u03BC';

    @Test
    void storesMicrogramsWithTheMicroSignAndSuperscriptThree() {
        assertThat(ConcentrationUnit.UG_PER_M3.label()).isEqualTo("\u00B5g/m\u00B3");
        assertThat(ConcentrationUnit.UG_PER_M3.label().charAt(0)).isEqualTo(MICRO_SIGN);
        assertThat(ConcentrationUnit.MG_PER_M3.label()).isEqualTo("mg/m\u00B3");
        assertThat(ConcentrationUnit.PPM.label()).isEqualTo("ppm");
        assertThat(ConcentrationUnit.PPB.label()).isEqualTo("ppb");
    }

    @ParameterizedTest
    @EnumSource(ConcentrationUnit.class)
    void resolvesItsOwnLabel(ConcentrationUnit unit) {
        assertThat(ConcentrationUnit.fromLabel(unit.label())).isSameAs(unit);
    }

    @ParameterizedTest(name = "resolves \"{0}\" to {1}")
    @CsvSource(delimiter = '|', value = {
        "\u00B5g/m\u00B3|UG_PER_M3",
        "\u03BCg/m\u00B3|UG_PER_M3",
        "ug/m3|UG_PER_M3",
        "UG/M3|UG_PER_M3",
        "ug/m\u00B3|UG_PER_M3",
        "\u00B5g/m3|UG_PER_M3",
        "\u03BCg/m3|UG_PER_M3",
        "ug m-3|UG_PER_M3",
        "\u00B5g m-3|UG_PER_M3",
        "micrograms/m3|UG_PER_M3",
        "Micrograms/m3|UG_PER_M3",
        "ppm|PPM",
        "PPM|PPM",
        "ppb|PPB",
        "PPB|PPB",
        "mg/m\u00B3|MG_PER_M3",
        "mg/m3|MG_PER_M3",
        "MG/M3|MG_PER_M3",
    })
    void resolvesSpellingsSeenInRealFeeds(String raw, ConcentrationUnit expected) {
        assertThat(ConcentrationUnit.fromLabel(raw)).isSameAs(expected);
    }

    @Test
    void resolvesMicroSignAndGreekMuAlike() {
        String withMicroSign = MICRO_SIGN + "g/m3";
        String withGreekMu = GREEK_SMALL_MU + "g/m3";

        assertThat(withMicroSign).isNotEqualTo(withGreekMu);
        assertThat(ConcentrationUnit.fromLabel(withMicroSign)).isSameAs(ConcentrationUnit.fromLabel(withGreekMu))
                .isSameAs(ConcentrationUnit.UG_PER_M3);
    }

    @Test
    void resolvesTheMojibakeOfUtf8MicrogramsDecodedAsLatin1() {
        String mojibake = new String("\u00B5g/m\u00B3".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(mojibake).isEqualTo("\u00C2\u00B5g/m\u00C2\u00B3"); // "Âµg/mÂ³"
        assertThat(ConcentrationUnit.fromLabel(mojibake)).isSameAs(ConcentrationUnit.UG_PER_M3);
    }

    @Test
    void resolvesTheMojibakeOfGreekMuMicrogramsDecodedAsLatin1() {
        String mojibake = new String("\u03BCg/m3".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(ConcentrationUnit.fromLabel(mojibake)).isSameAs(ConcentrationUnit.UG_PER_M3);
    }

    @Test
    void ignoresSurroundingWhitespace() {
        assertThat(ConcentrationUnit.fromLabel("  ug/m3\t")).isSameAs(ConcentrationUnit.UG_PER_M3);
        assertThat(ConcentrationUnit.fromLabel(" ppb ")).isSameAs(ConcentrationUnit.PPB);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "g/m3", "ug", "ppt", "ug/l", "mg/l", "%", "count", "\u00B5g/m\u00B2"})
    void returnsNullForUnknownLabels(String raw) {
        assertThat(ConcentrationUnit.fromLabel(raw)).isNull();
    }

    @Test
    void scalesToMicrogramsOrPartsPerBillionForPlausibilityBounds() {
        assertThat(ConcentrationUnit.UG_PER_M3.toSmallScale(12.5)).isEqualTo(12.5);
        assertThat(ConcentrationUnit.MG_PER_M3.toSmallScale(1.25)).isEqualTo(1250.0);
        assertThat(ConcentrationUnit.PPB.toSmallScale(40.0)).isEqualTo(40.0);
        assertThat(ConcentrationUnit.PPM.toSmallScale(0.04)).isEqualTo(40.0);
    }

    @ParameterizedTest
    @EnumSource(ConcentrationUnit.class)
    void fromSmallScaleUndoesToSmallScale(ConcentrationUnit unit) {
        assertThat(unit.fromSmallScale(unit.toSmallScale(3.0))).isEqualTo(3.0);
    }

    @Test
    void separatesMassConcentrationsFromMixingRatios() {
        assertThat(ConcentrationUnit.UG_PER_M3.isMassBased()).isTrue();
        assertThat(ConcentrationUnit.MG_PER_M3.isMassBased()).isTrue();
        assertThat(ConcentrationUnit.PPB.isMassBased()).isFalse();
        assertThat(ConcentrationUnit.PPM.isMassBased()).isFalse();
    }
}
