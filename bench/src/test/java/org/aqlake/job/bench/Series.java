package org.aqlake.job.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The repetitions of one variant, summarised as median and range: noise shows as a wide range. */
public final class Series {

    public final String name;
    public final List<Measurement> runs = new ArrayList<>();

    Series(String name) {
        this.name = name;
    }

    void add(Measurement m) {
        runs.add(m);
    }

    public Stat perCpuSecond() {
        return stat(Measurement::recordsPerCpuSecond);
    }

    public Stat perWallSecond() {
        return stat(Measurement::recordsPerWallSecond);
    }

    public Stat cores() {
        return stat(Measurement::cores);
    }

    private Stat stat(ToDoubleFunction<Measurement> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return new Stat(median(v), v.length == 0 ? Double.NaN : v[0], v.length == 0 ? Double.NaN : v[v.length - 1]);
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    /** Median, minimum and maximum of one figure over the repetitions. */
    public static final class Stat {
        public final double median;
        public final double min;
        public final double max;

        Stat(double median, double min, double max) {
            this.median = median;
            this.min = min;
            this.max = max;
        }
    }
}
