package org.aqlake.job.model;

import java.util.Arrays;

/**
 * Everything one location measured in one window, and what has been written for it: operator state
 * of the aggregation, a Flink POJO (the array of POJOs is serialized field by field, not by Kryo).
 */
public class LocationWindow {

    public long windowStart;
    /** The location as sent; null for readings without one. */
    public String location;
    /** One accumulator per parameter and unit, in arrival order. */
    public GroupAccumulator[] groups;
    /** The last revision written, -1 before the first row. */
    public int revision;
    /** Readings arrived since the last rows were written: a correction is due. */
    public boolean pending;
    /** A digest of the last rows written, to tell whether recomputing them changes anything. */
    public long digest;

    public LocationWindow() {}

    public static LocationWindow of(long windowStart, Reading first) {
        LocationWindow w = new LocationWindow();
        w.windowStart = windowStart;
        w.location = first.location;
        w.groups = new GroupAccumulator[0];
        w.revision = -1;
        return w;
    }

    public boolean written() {
        return revision >= 0;
    }

    public void add(Reading r) {
        for (GroupAccumulator g : groups) {
            if (g.holds(r)) {
                g.add(r);
                return;
            }
        }
        groups = Arrays.copyOf(groups, groups.length + 1);
        groups[groups.length - 1] = GroupAccumulator.of(r);
    }
}
