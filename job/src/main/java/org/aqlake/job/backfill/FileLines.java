package org.aqlake.job.backfill;

import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.aqlake.job.model.ErrorType;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * The lines of one file as {@link BackfillLine}s: decompressed by Flink by its extension ({@code .gz} and
 * the others Flink knows), its format decided by its first non-blank line unless one is given. Blank lines and
 * a CSV header carry no reading and give none. A line over {@code backfill.max-line-bytes}, a file inflating
 * past {@code backfill.max-file-bytes} (a gzip bomb) and a broken compressed stream become dead letters that
 * name the file and line; the last two end the file, and say so. An I/O failure of the store itself fails the
 * job with the file named, which then restarts from its last checkpoint.
 */
final class FileLines implements Closeable {

    private final String file;
    private final long arrivalTime;
    private final InputStream in;
    private final BackfillSettings settings;
    private BackfillFormat format;
    private final CsvRows csv;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private long lineNumber;
    /** A line {@link #readLine} turned into a dead letter, returned next instead of the line. */
    private BackfillLine pending;
    private boolean csvUnread = true;
    /** Decompressed bytes read ahead: lines are cut from it without a call per byte. */
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private long bytesRead;
    private boolean ended;

    private FileLines(String file, long arrivalTime, InputStream in, BackfillSettings settings) {
        this.file = file;
        this.arrivalTime = arrivalTime;
        this.in = in;
        this.settings = settings;
        this.format = settings.format;
        this.csv = new CsvRows(settings.csvSourceType);
    }

    static FileLines open(FileSourceSplit split, BackfillSettings settings) throws IOException {
        Path path = split.path();
        InputStream in;
        try {
            in = FileSystem.get(path.toUri()).open(path);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException("backfill: " + path + " no longer exists (it was listed when the"
                    + " backfill started)");
        }
        InflaterInputStreamFactory<?> inflater = StandardDeCompressors.getDecompressorForFileName(path.getPath());
        InputStream raw = inflater == null ? in : inflater.create(in);
        return new FileLines(path.toString(), split.fileModificationTime(), raw, settings);
    }

    /** The next line that is a record or a dead letter; null at the end of the file. */
    BackfillLine next() throws IOException {
        while (!ended) {
            byte[] line;
            try {
                line = readLine();
            } catch (ZipException | EOFException broken) {
                // a truncated or corrupt compressed file: what it held up to here is read, and the rest is lost
                ended = true;
                lineNumber++;
                return rejected(buffer.toByteArray(), ErrorType.DECOMPRESSION_FAILED, "the file cannot be"
                        + " decompressed from this line on (" + broken.getClass().getSimpleName() + ": "
                        + broken.getMessage() + "); the rest of the file is not read");
            } catch (IOException e) {
                throw new IOException("backfill: cannot read " + file + " at line " + lineNumber + ": "
                        + e.getMessage(), e);
            }
            if (line == null) {
                return null;
            }
            if (pending != null) {
                BackfillLine p = pending;
                pending = null;
                return p;
            }
            BackfillLine l = toLine(line);
            if (l != null) {
                return l;
            }
        }
        return null;
    }

    /** One line, without its end (and a first line's byte order mark); null at the end of the file. */
    private byte[] readLine() throws IOException {
        buffer.reset();
        boolean any = false;
        boolean tooLong = false;
        while (true) {
            if (pos >= limit) {
                limit = Math.max(0, in.read(chunk, 0, chunk.length));
                pos = 0;
                if (limit == 0) {
                    break;
                }
            }
            any = true;
            int from = pos;
            int newline = from;
            while (newline < limit && chunk[newline] != '\n') {
                newline++;
            }
            int length = newline - from;
            bytesRead += length + (newline < limit ? 1 : 0);
            int room = settings.maxLineBytes - buffer.size();
            buffer.write(chunk, from, Math.min(length, Math.max(0, room)));
            tooLong |= length > room;
            if (bytesRead > settings.maxFileBytes) {
                ended = true;
                lineNumber++;
                pending = rejected(buffer.toByteArray(), ErrorType.DECOMPRESSION_FAILED, "the file inflates beyond"
                        + " backfill.max-file-bytes (" + settings.maxFileBytes + " bytes) in this line; the rest of"
                        + " the file is not read");
                return new byte[0];
            }
            pos = newline < limit ? newline + 1 : limit;
            if (newline < limit) {
                break;
            }
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        byte[] bytes = buffer.toByteArray();
        if (tooLong) {
            pending = rejected(bytes, ErrorType.DECOMPRESSION_FAILED, "the line is longer than"
                    + " backfill.max-line-bytes (" + settings.maxLineBytes + " bytes); its first bytes are kept");
            return new byte[0];
        }
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        int start = lineNumber == 1 && end >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        return start == 0 && end == bytes.length ? bytes : Arrays.copyOfRange(bytes, start, end);
    }

    /** The line as a record or dead letter; null for a blank line or a header. */
    private BackfillLine toLine(byte[] line) {
        if (blank(line)) {
            return null;
        }
        if (format == BackfillFormat.AUTO) {
            format = BackfillFormat.detect(line);
        }
        switch (format) {
            case OPENAQ_CSV:
                return csvLine(line);
            case RAW_ARCHIVE:
                return archiveLine(line);
            default:
                return BackfillLine.record(file, lineNumber, line, PartitionKeys.ofJson(line), arrivalTime);
        }
    }

    private BackfillLine csvLine(byte[] line) {
        try {
            if (csvUnread) {
                csvUnread = false;
                if (csv.header(line)) {
                    return null;
                }
            }
            return BackfillLine.record(file, lineNumber, csv.toRealtimeJson(line),
                    PartitionKeys.bounded(csv.location(line)), arrivalTime);
        } catch (CsvRows.BadRow bad) {
            BackfillLine rejected = rejected(line, ErrorType.SCHEMA_MISMATCH, bad.getMessage());
            rejected.csv = true;
            return rejected;
        }
    }

    private BackfillLine archiveLine(byte[] line) {
        try {
            RawArchiveLines.Archived a = RawArchiveLines.read(line);
            return BackfillLine.record(file, lineNumber, a.payload, a.partitionKey, a.arrivalTime);
        } catch (RawArchiveLines.BadLine bad) {
            return rejected(line, ErrorType.JSON_PARSE_FAILED, bad.getMessage());
        }
    }

    private BackfillLine rejected(byte[] original, ErrorType type, String reason) {
        return BackfillLine.rejected(file, lineNumber, original, arrivalTime, type,
                "line " + lineNumber + " of " + file + ": " + reason);
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
