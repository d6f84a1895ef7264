package org.aqlake.job.backfill;

import java.io.Serializable;
import java.util.List;

/** What a backfill reads ({@code backfill.*}), validated by the config. */
public final class BackfillSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Files, folders, S3 prefixes or globs, in the order given; a folder's or glob's files by name. */
    public final List<String> paths;
    public final BackfillFormat format;
    /** A longer line becomes a dead letter holding its first this many bytes. */
    public final int maxLineBytes;
    /** A file that inflates beyond this is read no further; a dead letter says so. */
    public final long maxFileBytes;
    /** The {@code sourceType} a CSV row gets, as the daily layout has no such column; empty: none. */
    public final String csvSourceType;

    public BackfillSettings(List<String> paths, BackfillFormat format, int maxLineBytes, long maxFileBytes,
            String csvSourceType) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no paths to backfill");
        }
        if (maxLineBytes < 1 || maxFileBytes < maxLineBytes) {
            throw new IllegalArgumentException("the line cap must be positive and at most the file cap");
        }
        this.paths = List.copyOf(paths);
        this.format = format;
        this.maxLineBytes = maxLineBytes;
        this.maxFileBytes = maxFileBytes;
        this.csvSourceType = csvSourceType.trim();
    }

    @Override
    public String toString() {
        return "backfill of " + paths + " (" + format.id() + ")";
    }
}
