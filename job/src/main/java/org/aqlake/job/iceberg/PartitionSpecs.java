package org.aqlake.job.iceberg;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a partition spec written as Iceberg's transforms, comma-separated: {@code hours(event_time)},
 * {@code days(event_time), parameter}, {@code bucket(16, device_id)}, {@code truncate(4, city)}. A bare
 * column is an identity partition; an empty text is an unpartitioned table.
 */
final class PartitionSpecs {

    private static final Pattern FIELD = Pattern.compile(
            "(?:(years|months|days|hours)\\(\\s*(\\w+)\\s*\\)"
                    + "|(bucket|truncate)\\(\\s*(\\d+)\\s*,\\s*(\\w+)\\s*\\)"
                    + "|(\\w+))(\\s*,\\s*(?=\\S)|\\s*$)");

    private PartitionSpecs() {}

    /** @throws IllegalArgumentException naming the part that is not a transform or column of the schema */
    static PartitionSpec parse(String text, Schema schema) {
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
        String rest = text.trim();
        if (rest.isEmpty()) {
            return spec.build();
        }
        Matcher m = FIELD.matcher(rest);
        int at = 0;
        while (at < rest.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + rest.substring(at) + "' is not a partition transform: use"
                        + " years(col), months(col), days(col), hours(col), bucket(n, col), truncate(n, col) or col");
            }
            String column = m.group(2) != null ? m.group(2) : m.group(5) != null ? m.group(5) : m.group(6);
            if (schema.findField(column) == null) {
                throw new IllegalArgumentException("'" + column + "' is not a column of the table");
            }
            try {
                add(spec, m, column);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + m.group().trim() + "': " + e.getMessage(), e);
            }
            at = m.end();
        }
        return spec.build();
    }

    private static void add(PartitionSpec.Builder spec, Matcher m, String column) {
        if (m.group(1) != null) {
            switch (m.group(1)) {
                case "years": spec.year(column); return;
                case "months": spec.month(column); return;
                case "days": spec.day(column); return;
                default: spec.hour(column); return;
            }
        }
        if (m.group(3) != null) {
            int n = Integer.parseInt(m.group(4));
            if (m.group(3).equals("bucket")) {
                spec.bucket(column, n);
            } else {
                spec.truncate(column, n);
            }
            return;
        }
        spec.identity(column);
    }
}
