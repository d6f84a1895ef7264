package org.aqlake.udfs.partition;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders a template's paths in two steps: the text between the partition key values, which depends on
 * the time alone and so is rendered once per time bucket, and then each record's key values spliced in.
 */
final class PathFormatter {

    /** {@code chunks[i]} is the text before key {@code i}; the last chunk is the text after the last key. */
    private final TextPart[][] chunks;
    private final KeySegment[] keys;
    private final Set<String> keyNames;

    PathFormatter(List<TemplateSegment> segments) {
        List<TextPart[]> chunks = new ArrayList<>();
        List<KeySegment> keys = new ArrayList<>();
        List<TextPart> chunk = new ArrayList<>();
        for (TemplateSegment s : segments) {
            if (s instanceof KeySegment) {
                chunks.add(chunk.toArray(new TextPart[0]));
                chunk.clear();
                keys.add((KeySegment) s);
            } else {
                chunk.add((TextPart) s);
            }
        }
        chunks.add(chunk.toArray(new TextPart[0]));
        this.chunks = chunks.toArray(new TextPart[0][]);
        this.keys = keys.toArray(new KeySegment[0]);
        Set<String> names = new LinkedHashSet<>();
        keys.forEach(k -> names.add(k.name()));
        this.keyNames = Collections.unmodifiableSet(names);
    }

    /** The partition key columns, in order of first use. */
    Set<String> keyNames() {
        return keyNames;
    }

    /**
     * The text between the key values as rendered for the start of a time bucket, one string per chunk.
     *
     * @param time the bucket start in UTC
     */
    String[] renderChunks(LocalDateTime time) {
        String[] out = new String[chunks.length];
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < chunks.length; i++) {
            sb.setLength(0);
            for (TextPart part : chunks[i]) {
                part.appendTo(sb, time);
            }
            out[i] = sb.toString();
        }
        return out;
    }

    /**
     * A record's path: the rendered chunks with its key values between them.
     *
     * @param keyValues the value of each key column; may be null when the template has no key
     */
    String format(String[] rendered, Function<String, String> keyValues) {
        if (keys.length == 0) {
            return rendered[0];
        }
        Objects.requireNonNull(keyValues, () -> "keyValues is required: template uses partition keys " + keyNames);
        int capacity = 16 * keys.length;
        for (String r : rendered) {
            capacity += r.length();
        }
        StringBuilder sb = new StringBuilder(capacity).append(rendered[0]);
        for (int i = 0; i < keys.length; i++) {
            keys[i].appendValue(sb, keyValues.apply(keys[i].name()));
            sb.append(rendered[i + 1]);
        }
        return sb.toString();
    }
}
