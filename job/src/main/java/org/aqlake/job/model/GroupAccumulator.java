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
    /**
     * The latest Kinesis arrival time among the readings counted, epoch milliseconds; 0 when unknown (an
     * accumulator restored from a savepoint taken before this field takes the arrivals it sees from then on).
     */
    public long arrivalsUntil;

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

    /** Whether the other accumulator counts the same parameter in the same unit. */
    public boolean sameGroup(GroupAccumulator other) {
        return parameter.equals(other.parameter) && unit.equals(other.unit);
    }

    public GroupAccumulator copy() {
        GroupAccumulator g = new GroupAccumulator();
        g.parameter = parameter;
        g.unit = unit;
        g.count = count;
        g.sum = sum;
        g.min = min;
        g.max = max;
        g.firstTime = firstTime;
        g.lastTime = lastTime;
        g.arrivalsUntil = arrivalsUntil;
        return g;
    }

    public void add(Reading r) {
        count++;
        sum += r.value;
        min = Math.min(min, r.value);
        max = Math.max(max, r.value);
        firstTime = Math.min(firstTime, r.eventTime);
        lastTime = Math.max(lastTime, r.eventTime);
        arrivalsUntil = Math.max(arrivalsUntil, r.arrivalTime);
    }

    /** Adds another accumulator's readings of the same parameter and unit. */
    public void merge(GroupAccumulator other) {
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        firstTime = Math.min(firstTime, other.firstTime);
        lastTime = Math.max(lastTime, other.lastTime);
        arrivalsUntil = Math.max(arrivalsUntil, other.arrivalsUntil);
    }

    public double mean() {
        return sum / count;
    }

    @Override
    public String toString() {
        return parameter + " " + unit + ": n=" + count + " sum=" + sum + " min=" + min + " max=" + max + " first="
                + firstTime + " last=" + lastTime;
    }
}
