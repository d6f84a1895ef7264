package org.aqlake.job.model;

/**
 * Running statistics of one parameter and unit within a {@link LocationWindow}: operator state, a
 * Flink POJO. Holds a sum, not a mean, so that late readings fold in exactly.
 */
public class GroupAccumulator {

    public String parameter;
    public String unit;
    public long count;
    public double min;
    public double max;
    public double sum;
    public long firstTime;
    public long lastTime;

    public GroupAccumulator() {}

    public static GroupAccumulator of(Reading r) {
        GroupAccumulator g = new GroupAccumulator();
        g.parameter = r.parameter;
        g.unit = r.unit;
        g.min = r.value;
        g.max = r.value;
        g.firstTime = r.eventTime;
        g.lastTime = r.eventTime;
        g.add(r);
        return g;
    }

    public boolean holds(Reading r) {
        return parameter.equals(r.parameter) && unit.equals(r.unit);
    }

    public void add(Reading r) {
        count++;
        sum += r.value;
        min = Math.min(min, r.value);
        max = Math.max(max, r.value);
        firstTime = Math.min(firstTime, r.eventTime);
        lastTime = Math.max(lastTime, r.eventTime);
    }

    public double mean() {
        return sum / count;
    }
}
