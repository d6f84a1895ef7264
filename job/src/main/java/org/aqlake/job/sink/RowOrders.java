package org.aqlake.job.sink;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.Reading;

import java.util.Objects;

/**
 * The order of the rows in a compacted file: location first, the column readers filter on most, so that
 * each row group's location range is narrow; then parameter and time.
 */
final class RowOrders {

    private RowOrders() {}

    static SortedCompactor.SerializableComparator<Reading> readings() {
        return (a, b) -> {
            int c = compare(a.location, b.location);
            if (c == 0) {
                c = compare(a.parameter, b.parameter);
            }
            return c != 0 ? c : Long.compare(a.eventTime, b.eventTime);
        };
    }

    static SortedCompactor.SerializableComparator<Aggregate> aggregates() {
        return (a, b) -> {
            int c = compare(a.location, b.location);
            if (c == 0) {
                c = compare(a.parameter, b.parameter);
            }
            if (c == 0) {
                c = Long.compare(a.windowStart, b.windowStart);
            }
            return c != 0 ? c : Integer.compare(a.revision, b.revision);
        };
    }

    private static int compare(String a, String b) {
        return Objects.equals(a, b) ? 0 : a == null ? -1 : b == null ? 1 : a.compareTo(b);
    }
}
