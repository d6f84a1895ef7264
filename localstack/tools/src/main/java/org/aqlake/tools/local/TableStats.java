package org.aqlake.tools.local;

/** What the committed files of one table hold: rows (or lines), files, bytes and partition folders. */
public final class TableStats {

    public static final TableStats EMPTY = new TableStats(0, 0, 0, 0);

    public final long rows;
    public final long files;
    public final long bytes;
    public final long partitions;

    public TableStats(long rows, long files, long bytes, long partitions) {
        this.rows = rows;
        this.files = files;
        this.bytes = bytes;
        this.partitions = partitions;
    }
}
