package org.aqlake.job.backfill;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the lines of a backfilled file are. {@code AUTO} decides per file, from its first non-blank line. */
public enum BackfillFormat {
    AUTO("auto"),
    /** OpenAQ "daily fetches" CSV, with or without its header row: each row becomes a realtime JSON reading. */
    OPENAQ_CSV("openaq-csv"),
    /** OpenAQ realtime NDJSON: each line is a reading's payload, byte for byte. */
    OPENAQ_NDJSON("openaq-ndjson"),
    /** The lake's own raw archive: JSON lines of lineage plus the original payload. */
    RAW_ARCHIVE("raw-archive");

    private final String id;

    BackfillFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the accepted ids */
    public static BackfillFormat of(String id) {
        for (BackfillFormat f : values()) {
            if (f.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not a backfill format; use one of "
                + Arrays.stream(values()).map(BackfillFormat::id).collect(Collectors.joining(", ")));
    }

    /**
     * The format of a file whose first non-blank line this is: JSON lines are the raw archive when they carry
     * its lineage and payload fields, else realtime readings; anything else is CSV.
     */
    static BackfillFormat detect(byte[] firstLine) {
        int i = 0;
        while (i < firstLine.length && (firstLine[i] == ' ' || firstLine[i] == '\t' || (firstLine[i] & 0xff) == 0xEF
                || (firstLine[i] & 0xff) == 0xBB || (firstLine[i] & 0xff) == 0xBF)) {
            i++;
        }
        if (i == firstLine.length || firstLine[i] != '{') {
            return OPENAQ_CSV;
        }
        return RawArchiveLines.looksLikeArchive(firstLine) ? RAW_ARCHIVE : OPENAQ_NDJSON;
    }
}
