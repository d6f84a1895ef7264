package org.aqlake.tools.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * OpenAQ "daily fetches" CSV rows, each sent as one reading in the realtime JSON layout. Columns are
 * taken by name when the file has a header row, else in OpenAQ's order. The producer does not validate:
 * a value that is not a number, or a row with missing columns, is sent as it is for the job to turn into
 * a dead letter.
 */
final class OpenAqCsvReplay implements RecordSource {

    /** The columns of an OpenAQ daily CSV, in their order. */
    static final List<String> COLUMNS = List.of(
            "location", "city", "country", "utc", "local", "parameter", "value", "unit", "latitude", "longitude",
            "attribution");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final MappingIterator<String[]> rows;
    private Map<String, Integer> columns;
    private boolean header;
    private String[] pending;

    OpenAqCsvReplay(InputStream in, Path file) throws IOException {
        this.file = file;
        CsvMapper csv = CsvMapper.builder()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .build();
        this.rows = csv.readerFor(String[].class).with(CsvSchema.emptySchema())
                .readValues(new InputStreamReader(in, StandardCharsets.UTF_8));
        readHeader();
    }

    private void readHeader() {
        if (!hasNext()) {
            columns = positional();
            return;
        }
        String[] first = pending;
        pending = null;
        if (isHeader(first)) {
            header = true;
            columns = new HashMap<>();
            for (int i = 0; i < first.length; i++) {
                columns.putIfAbsent(first[i].trim().toLowerCase(Locale.ROOT), i);
            }
        } else {
            columns = positional();
            pending = first;
        }
    }

    /** A header names the columns; no measured row has cells that read "location" and "value". */
    static boolean isHeader(String[] row) {
        java.util.Set<String> cells = new java.util.HashSet<>();
        for (String c : row) {
            cells.add(c.trim().replace("\uFEFF", "").toLowerCase(Locale.ROOT));
        }
        return cells.contains("location") && cells.contains("value");
    }

    private static Map<String, Integer> positional() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            m.put(COLUMNS.get(i), i);
        }
        return m;
    }

    @Override
    public String describe() {
        return "replay of " + file + " (OpenAQ daily CSV, " + (header ? "with" : "without") + " header row)";
    }

    @Override
    public boolean hasNext() {
        try {
            while (pending == null && rows.hasNextValue()) {
                String[] row = rows.nextValue();
                if (!blank(row)) {
                    pending = row;
                }
            }
            return pending != null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A blank line in the middle of a file: nothing was measured, so nothing is sent. */
    private static boolean blank(String[] row) {
        return java.util.Arrays.stream(row).allMatch(c -> c.trim().isEmpty());
    }

    @Override
    public ProducerRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String[] row = pending;
        pending = null;
        ObjectNode reading = toRealtimeJson(row);
        JsonNode location = reading.get("location");
        return new ProducerRecord(location == null ? null : location.asText(),
                reading.toString().getBytes(StandardCharsets.UTF_8));
    }

    ObjectNode toRealtimeJson(String[] row) {
        ObjectNode o = JSON.createObjectNode();
        String utc = cell(row, "utc");
        String local = cell(row, "local");
        if (utc != null || local != null) {
            ObjectNode date = o.putObject("date");
            putText(date, "utc", utc);
            putText(date, "local", local);
        }
        putText(o, "parameter", cell(row, "parameter"));
        putText(o, "location", cell(row, "location"));
        putNumber(o, "value", cell(row, "value"));
        putText(o, "unit", cell(row, "unit"));
        putText(o, "city", cell(row, "city"));
        String attribution = cell(row, "attribution");
        if (attribution != null) {
            o.set("attribution", parseOrText(attribution));
        }
        String lat = cell(row, "latitude");
        String lon = cell(row, "longitude");
        if (lat != null || lon != null) {
            ObjectNode c = o.putObject("coordinates");
            putNumber(c, "latitude", lat);
            putNumber(c, "longitude", lon);
        }
        putText(o, "country", cell(row, "country"));
        return o;
    }

    private String cell(String[] row, String column) {
        Integer i = columns.get(column);
        if (i == null || i >= row.length) {
            return null;
        }
        String v = row[i].trim();
        return v.isEmpty() ? null : v;
    }

    private static void putText(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    /** A number when the text is one; otherwise the text itself, which the job will reject with a reason. */
    private static void putNumber(ObjectNode o, String field, String value) {
        if (value == null) {
            return;
        }
        try {
            o.put(field, new java.math.BigDecimal(value));
        } catch (NumberFormatException notANumber) {
            o.put(field, value);
        }
    }

    private static JsonNode parseOrText(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
