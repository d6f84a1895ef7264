package org.aqlake.tools.produce;

import org.aqlake.tools.ToolException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Opens a file to replay: OpenAQ realtime NDJSON (one reading per line) or an OpenAQ daily CSV, either
 * one gzip-compressed or not. The format is taken from the file name, else from its first byte. {@code
 * CSV_LINES}, never guessed, sends any CSV file's lines in batches, as a SQL pipeline's input
 * ({@link CsvLinesReplay}).
 */
public final class ReplayFile {

    public enum Format { AUTO, NDJSON, CSV, CSV_LINES }

    /** Lines a {@code CSV_LINES} record holds unless told otherwise. */
    public static final int DEFAULT_LINES_PER_RECORD = 100;

    private ReplayFile() {}

    public static RecordSource open(Path file, Format format) throws IOException {
        return open(file, format, DEFAULT_LINES_PER_RECORD, CsvLinesReplay.Header.AUTO);
    }

    /** As {@link #open(Path, Format)}, with the batch size and header of {@code CSV_LINES}. */
    public static RecordSource open(Path file, Format format, int linesPerRecord, CsvLinesReplay.Header header)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ToolException("Cannot replay " + file + ": no such file");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in = gunzipIfCompressed(in);
            Format f = format == Format.AUTO ? detect(file, in) : format;
            if (f == Format.CSV_LINES) {
                return new CsvLinesReplay(in, file, linesPerRecord, header);
            }
            return f == Format.CSV ? new OpenAqCsvReplay(in, file) : new NdjsonReplay(in, file);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    static InputStream gunzipIfCompressed(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    static Format detect(Path file, InputStream in) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")) {
            return Format.NDJSON;
        }
        // no telling name: JSON lines start with an object, CSV rows with a location name
        in.mark(4096);
        try {
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF);
            return b == '{' || b == '[' ? Format.NDJSON : Format.CSV;
        } finally {
            in.reset();
        }
    }
}
