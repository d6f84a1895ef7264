package org.aqlake.tools.produce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * One record per non-blank line, byte for byte: no decoding and re-encoding, so a line that is not valid
 * JSON or UTF-8 reaches the job (and its dead letters and raw archive) exactly as it is in the file.
 */
final class NdjsonReplay implements RecordSource {

    private final InputStream in;
    private final Path file;
    private byte[] next;
    private boolean first = true;

    NdjsonReplay(InputStream in, Path file) {
        this.in = in;
        this.file = file;
    }

    @Override
    public String describe() {
        return "replay of " + file + " (NDJSON, one record per line)";
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readNonBlankLine();
        }
        return next != null;
    }

    @Override
    public ProducerRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[] line = next;
        next = null;
        return new ProducerRecord(PartitionKeys.ofJson(line), line);
    }

    private byte[] readNonBlankLine() {
        try {
            while (true) {
                byte[] line = readLine();
                if (line == null) {
                    return null;
                }
                if (!blank(line)) {
                    return line;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (!any) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        int start = 0;
        if (first && end >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            start = 3; // a UTF-8 byte order mark belongs to the file, not to its first reading
        }
        first = false;
        return start == 0 && end == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, start, end);
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
