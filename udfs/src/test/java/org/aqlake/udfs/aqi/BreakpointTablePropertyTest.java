package org.aqlake.udfs.aqi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class BreakpointTablePropertyTest {

    /** A table and two concentrations in its defined domain, from its first breakpoint up to twice its last. */
    static final class Pair {
        final BreakpointTable table;
        final double lower;
        final double higher;

        Pair(BreakpointTable table, double a, double b) {
            this.table = table;
            this.lower = Math.min(a, b);
            this.higher = Math.max(a, b);
        }

        @Override
        public String toString() {
            return table + " " + lower + " <= " + higher;
        }
    }

    static double bottom(BreakpointTable t) {
        return t.rows().get(0).concentrationLow().doubleValue();
    }

    static double top(BreakpointTable t) {
        return t.rows().get(t.rows().size() - 1).concentrationHigh().doubleValue();
    }

    @Provide
    Arbitrary<Pair> concentrationPairs() {
        return Arbitraries.of(BreakpointTable.class).flatMap(t -> {
            Arbitrary<Double> c = Arbitraries.doubles().between(bottom(t), top(t) * 2).ofScale(5);
            return Combinators.combine(c, c).as((a, b) -> new Pair(t, a, b));
        });
    }

    @Provide
    Arbitrary<Pair> concentrationsInsideTheTable() {
        return Arbitraries.of(BreakpointTable.class).flatMap(t -> {
            Arbitrary<Double> c = Arbitraries.doubles().between(bottom(t), top(t)).ofScale(5);
            return Combinators.combine(c, c).as((a, b) -> new Pair(t, a, b));
        });
    }

    @Property
    void moreOfAPollutantNeverLowersItsIndex(@ForAll("concentrationPairs") Pair p) {
        Integer low = p.table.index(p.lower);
        Integer high = p.table.index(p.higher);

        if (low != null && high != null) {
            assertThat(high).isGreaterThanOrEqualTo(low);
        }
    }

    @Property
    void insideTheTableEveryConcentrationHasAnIndexWithinTheRowItFallsIn(@ForAll("concentrationsInsideTheTable") Pair p) {
        BigDecimal truncated = BigDecimal.valueOf(p.table.truncate(p.lower));
        Integer aqi = p.table.index(p.lower);

        Breakpoint row = p.table.rows().stream().filter(r -> r.contains(truncated)).findFirst().orElseThrow();
        assertThat(aqi).isBetween(row.indexLow(), row.indexHigh());
        assertThat(AqiCategory.of(aqi).low()).isLessThanOrEqualTo(row.indexLow());
    }

    @Property
    void truncationNeverRaisesAConcentrationAndLosesLessThanOneStep(
            @ForAll("concentrationPairs") Pair p) {
        double step = Math.pow(10, -p.table.decimals());
        double t = p.table.truncate(p.higher);

        assertThat(t).isLessThanOrEqualTo(p.higher);
        assertThat(p.higher - t).isLessThan(step);
    }

    @Property
    void pm25IndexIsAlwaysBetween0And500UpTo325point4(@ForAll @DoubleRange(min = -10, max = 325.4) double ugPerM3) {
        assertThat(Aqi.pm25(ugPerM3)).isBetween(0, 500);
    }
}
