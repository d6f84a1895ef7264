package org.aqlake.job.sink;

import org.apache.parquet.io.api.Binary;

/**
 * The UTF-8 of a column's few recurring String instances, so they are encoded once per file instead of
 * once per row. The parameter and unit of a reading are the canonical constants of their enums, and the
 * Kinesis source hands out one shard id String per shard, so a comparison by identity finds them; any
 * other String is encoded as usual. A Binary is immutable, so one may serve many rows.
 */
final class EncodedStrings {
    private static final int SIZE = 16;
    private final String[] strings = new String[SIZE];
    private final Binary[] binaries = new Binary[SIZE];
    private int next;

    Binary of(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < SIZE; i++) {
            if (strings[i] == s) {
                return binaries[i];
            }
        }
        Binary b = Binary.fromString(s);
        strings[next] = s;
        binaries[next] = b;
        next = (next + 1) % SIZE;
        return b;
    }
}
