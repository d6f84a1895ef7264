package org.aqlake.tools.produce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * The lines of a CSV file in batches, one batch per record, as a Firehose delivery stream with a decoding
 * Lambda would receive them: each record holds up to N lines byte for byte, with their own line ends (LF,
 * CRLF or CR), and a file's header line is repeated at the start of every record, so that each record says
 * its own column order. Blank lines hold no row and are not sent. The producer does not look inside a
 * line: a truncated or malformed one is sent as it is, for the pipeline to make a dead letter of.
 */
public final class CsvLinesReplay implements RecordSource {

    /** Whether the file's first line is a header. */
    public enum Header {
        /** A first line that does not start with a digit is a header: every row of the layouts starts with one. */
        AUTO, YES, NO
    }

    private final PushbackInputStream in;
    private final Path file;
    private final int linesPerRecord;
    private final byte[] header;
    private byte[] pending;
    private long records;
    private long rows;

    CsvLinesReplay(InputStream in, Path file, int linesPerRecord, Header header) throws IOException {
        if (linesPerRecord < 1) {
            throw new IllegalArgumentException("lines per record must be at least 1: " + linesPerRecord);
        }
        this.in = new PushbackInputStream(in, 1);
        this.file = file;
        this.linesPerRecord = linesPerRecord;
        byte[] first = nonBlankLine();
        boolean isHeader = first != null && (header == Header.YES
                || header == Header.AUTO && !Character.isDigit(firstChar(first)));
        this.header = isHeader ? first : new byte[0];
        this.pending = isHeader ? null : first;
    }

    @Override
    public String describe() {
        return "replay of " + file + " (CSV lines, " + linesPerRecord + " a record"
                + (header.length > 0 ? ", the header repeated in each)" : ", no header)");
    }

    /** Whether the file has a header line, which every record repeats and which is no row. */
    public boolean hasHeader() {
        return header.length > 0;
    }

    /** The CSV rows handed out so far: the non-blank lines of the records, headers not counted. */
    public long rows() {
        return rows;
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = nonBlankLine();
        }
        return pending != null;
    }

    @Override
    public ProducerRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(header.length + linesPerRecord * 128);
        batch.writeBytes(header);
        int n = 0;
        while (n < linesPerRecord && hasNext()) {
            batch.writeBytes(pending);
            pending = null;
            n++;
        }
        rows += n;
        return new ProducerRecord(file.getFileName() + "#" + records++, batch.toByteArray());
    }

    /** The next line that is not blank, with its line end; null at the end of the file. */
    private byte[] nonBlankLine() {
        try {
            byte[] line;
            do {
                line = line();
            } while (line != null && blank(line));
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int b = in.read();
        if (b == -1) {
            return null;
        }
        while (b != -1) {
            line.write(b);
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                int after = in.read();
                if (after == '\n') {
                    line.write(after);
                } else if (after != -1) {
                    in.unread(after);
                }
                break;
            }
            b = in.read();
        }
        return line.toByteArray();
    }

    /**
     * Whether a line, with its line end, holds no row: nothing but spaces and tabs before the end. The crime
     * parser (udfs' {@code CrimeCsv.isBlankLine}, which the tools may not load) skips exactly these lines, so
     * every line counted as sent comes back as a row or a dead letter; a test on each side pins the rule.
     */
    static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static char firstChar(byte[] line) {
        int i = 0;
        // a UTF-8 byte order mark, a quote or spaces may come before the first field's text
        while (i < line.length && (line[i] == (byte) 0xEF || line[i] == (byte) 0xBB || line[i] == (byte) 0xBF
                || line[i] == '"' || line[i] == ' ')) {
            i++;
        }
        return i < line.length ? (char) line[i] : ' ';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
