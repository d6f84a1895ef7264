package org.aqlake.udfs.crime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses one batch of crime CSV lines, as one Kinesis record (a Firehose record a Lambda decodes) holds them,
 * into one {@link CrimeLine} per line: a typed row or a dead letter, never nothing. Lines end with LF, CRLF
 * or CR alone. A header line is a layout, not a row: it sets the column order for the lines after it in the
 * batch; without one, the field count tells the export's order from the same behind a leading id column.
 * Blank lines (the end of a file's last line, a batch's trailing line break) hold no row and give none; a
 * line is blank only when it is empty or holds nothing but spaces and tabs ({@link #isBlankLine}), the same
 * rule by which the producer ({@code CsvLinesReplay} in localstack/tools) skips a line and leaves it out of
 * the rows it counts as sent. Any other line, form feed, vertical tab or U+2003 alone included, is a row or
 * a dead letter.
 * Each line is split by Jackson's CSV parser (quotes, doubled quotes, commas inside quotes); a line is one
 * record, so a quote left open at its end is a dead letter.
 */
public final class CrimeCsv {

    private static final ObjectReader LINE = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerFor(String[].class).with(CsvSchema.emptySchema());
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CrimeCsv() {}

    public static List<CrimeLine> parse(byte[] batch) {
        List<CrimeLine> out = new ArrayList<>();
        Optional<CrimeLayout> header = Optional.empty();
        int number = 0;
        int start = 0;
        while (start < batch.length) {
            int end = start;
            while (end < batch.length && batch[end] != '\n' && batch[end] != '\r') {
                end++;
            }
            number++;
            Optional<String> text = utf8(batch, start, end);
            if (text.isEmpty()) {
                String shown = new String(batch, start, end - start, StandardCharsets.UTF_8);
                out.add(CrimeLine.deadLetter(number, shown, CrimeLine.CSV_PARSE_FAILED,
                        "the line is not valid UTF-8 (shown with U+FFFD for the bad bytes)"));
            } else if (!isBlankLine(text.get())) {
                header = parseLine(number, withoutByteOrderMark(number, text.get()), header, out);
            }
            start = end < batch.length && batch[end] == '\r' && end + 1 < batch.length && batch[end + 1] == '\n'
                    ? end + 2 : end + 1;
        }
        return out;
    }

    /**
     * Whether a line, its line end taken off, holds no row: it is empty or only spaces and tabs. Narrower
     * than {@link String#isBlank()}, which also counts form feed, vertical tab and Unicode spaces as blank,
     * where the producer counts such a line as a row sent.
     */
    public static boolean isBlankLine(CharSequence line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                return false;
            }
        }
        return true;
    }

    public static List<CrimeLine> parse(String batch) {
        return parse(batch.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds the line's row or dead letter, unless it is a header; returns the header in force after it. */
    private static Optional<CrimeLayout> parseLine(int number, String line, Optional<CrimeLayout> header,
            List<CrimeLine> out) {
        String[] fields;
        try (MappingIterator<String[]> rows = LINE.readValues(line)) {
            fields = rows.next();
        } catch (IOException | RuntimeException e) {
            // the iterator wraps the parser's JsonProcessingException in a RuntimeException
            out.add(CrimeLine.deadLetter(number, line, CrimeLine.CSV_PARSE_FAILED, "not a CSV line: " + message(e)));
            return header;
        }
        if (CrimeLayout.isHeader(fields)) {
            return Optional.of(CrimeLayout.fromHeader(fields));
        }
        Optional<CrimeLayout> layout = header.isPresent() ? header : CrimeLayout.guess(fields);
        if (layout.isPresent() && layout.get().broken().isPresent()) {
            out.add(CrimeLine.deadLetter(number, line, CrimeLine.CSV_PARSE_FAILED, layout.get().broken().get()));
        } else if (layout.isEmpty() || layout.get().fields() != fields.length) {
            out.add(CrimeLine.deadLetter(number, line, CrimeLine.CSV_PARSE_FAILED, "the line has " + fields.length
                    + " fields; " + layout.map(l -> "the header before it has " + l.fields())
                            .orElse("a line without a header has " + CrimeColumn.COUNT + ", or " + (CrimeColumn.COUNT + 1)
                                    + " with a leading id")));
        } else {
            try {
                out.add(CrimeLine.row(number, line, new CrimeFields(layout.get(), fields).row()));
            } catch (CrimeFields.Rejected r) {
                out.add(CrimeLine.deadLetter(number, line, r.errorType, r.getMessage()));
            }
        }
        return header;
    }

    private static String message(Exception e) {
        Throwable t = e;
        while (!(t instanceof JsonProcessingException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof JsonProcessingException ? ((JsonProcessingException) t).getOriginalMessage() : String.valueOf(t.getMessage());
    }

    private static String withoutByteOrderMark(int number, String line) {
        return number == 1 && line.charAt(0) == BYTE_ORDER_MARK ? line.substring(1) : line;
    }

    private static Optional<String> utf8(byte[] b, int from, int to) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, to - from)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
