package org.aqlake.job.reliability;

import java.util.List;
import java.util.Map;

/**
 * A JSON writer for the hostile corpus, which must be able to write what no serializer writes on
 * purpose: number literals longer than any double, NaN and Infinity, keys twice.
 */
final class Json {

    /** Written verbatim. */
    static final class Raw {
        final String text;

        Raw(String text) {
            this.text = text;
        }
    }

    static final Raw NULL = new Raw("null");

    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object v, StringBuilder out) {
        if (v instanceof Raw) {
            out.append(((Raw) v).text);
        } else if (v instanceof String) {
            string((String) v, out);
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (v instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                out.append(first ? "" : ",");
                first = false;
                write(o, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + v);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
