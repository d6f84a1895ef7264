package org.aqlake.udfs.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

class UnitConversionsPropertyTest {

    static final double RELATIVE_TOLERANCE_PERCENT = 1e-10;

    @Provide
    Arbitrary<Pollutant> gases() {
        return Arbitraries.of(Arrays.stream(Pollutant.values()).filter(p -> !p.isParticulate()).toArray(Pollutant[]::new));
    }

    @Property
    void ppbToMicrogramsAndBackReturnsTheOriginalValue(
            @ForAll("gases") Pollutant gas, @ForAll @DoubleRange(min = 1e-6, max = 1e7) @Scale(8) double ppb) {
        double back = UnitConversions.ugPerM3ToPpb(gas, UnitConversions.ppbToUgPerM3(gas, ppb));

        assertThat(back).isCloseTo(ppb, withinPercentage(RELATIVE_TOLERANCE_PERCENT));
    }

    @Property
    void convertingToAnyUnitAndBackReturnsTheOriginalValue(
            @ForAll("gases") Pollutant gas,
            @ForAll ConcentrationUnit from,
            @ForAll ConcentrationUnit to,
            @ForAll @DoubleRange(min = 1e-6, max = 1e7) @Scale(8) double value) {
        double there = UnitConversions.convert(value, from, to, gas);
        double back = UnitConversions.convert(there, to, from, gas);

        assertThat(back).isCloseTo(value, withinPercentage(RELATIVE_TOLERANCE_PERCENT));
    }

    @Property
    void heavierGasesWeighMorePerPpb(
            @ForAll("gases") Pollutant a, @ForAll("gases") Pollutant b, @ForAll @DoubleRange(min = 1e-3, max = 1e6) @Scale(4) double ppb) {
        int byWeight = Double.compare(a.molecularWeight(), b.molecularWeight());
        int byMass = Double.compare(UnitConversions.ppbToUgPerM3(a, ppb), UnitConversions.ppbToUgPerM3(b, ppb));

        assertThat(Integer.signum(byMass)).isEqualTo(Integer.signum(byWeight));
    }

    @Property
    void ppmToPpbAndBackReturnsTheOriginalValue(@ForAll @DoubleRange(min = -1e9, max = 1e9) double ppm) {
        assertThat(UnitConversions.ppbToPpm(UnitConversions.ppmToPpb(ppm))).isCloseTo(ppm, withinPercentage(RELATIVE_TOLERANCE_PERCENT));
    }
}
