package org.aqlake.job.backfill;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.MappingIterator;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectReader;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one OpenAQ daily CSV file as realtime JSON readings, the same bytes the local replay sends to
 * Kinesis, so that decoding, validation and dead letters are the stream's. Columns are taken by name after a
 * header row, else in OpenAQ's order. Cells are split by Flink's own (shaded) jackson CSV parser, one row
 * per line. Values are not validated here: a value that is no number stays text, for the decoder to reject.
 */
final class CsvRows {

    /** The columns of an OpenAQ daily CSV, in their order. */
    static final List<String> COLUMNS = List.of(
            "location", "city", "country", "utc", "local", "parameter", "value", "unit", "latitude", "longitude",
            "attribution");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader CELLS = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerFor(String[].class).with(CsvSchema.emptySchema());

    private final String sourceType;
    private Map<String, Integer> columns;
    private int width;

    /** @param sourceType the sourceType every row gets (the layout has none), or empty for none */
    CsvRows(String sourceType) {
        this.sourceType = sourceType;
    }

    /** Why a row is no reading; the message quotes nothing from the row. */
    static final class BadRow extends Exception {
        private static final long serialVersionUID = 1L;

        BadRow(String message) {
            super(message);
        }
    }

    /** @return whether the line was the file's header row, which is no reading */
    boolean header(byte[] firstLine) throws BadRow {
        String[] cells = cells(firstLine);
        Set<String> names = new HashSet<>();
        for (String c : cells) {
            names.add(c.trim().replace("\uFEFF", "").toLowerCase(Locale.ROOT));
        }
        columns = new HashMap<>();
        if (names.contains("location") && names.contains("value")) {
            for (int i = 0; i < cells.length; i++) {
                columns.putIfAbsent(cells[i].trim().replace("\uFEFF", "").toLowerCase(Locale.ROOT), i);
            }
            width = cells.length;
            return true;
        }
        for (int i = 0; i < COLUMNS.size(); i++) {
            columns.put(COLUMNS.get(i), i);
        }
        width = COLUMNS.size();
        return false;
    }

    /** The row as the replay's realtime JSON. */
    byte[] toRealtimeJson(byte[] line) throws BadRow {
        String[] row = cells(line);
        if (row.length != width) {
            throw new BadRow("CSV row has " + row.length + " cells, the file's rows have " + width);
        }
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
        if (!sourceType.isEmpty()) {
            o.put("sourceType", sourceType);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The location cell, the stream's partition key for the row. */
    String location(byte[] line) throws BadRow {
        return cell(cells(line), "location");
    }

    private static String[] cells(byte[] line) throws BadRow {
        try (MappingIterator<String[]> rows = CELLS.readValues(line)) {
            return rows.hasNextValue() ? rows.nextValue() : new String[0];
        } catch (IOException | RuntimeException e) {
            throw new BadRow("not a CSV row: " + e.getClass().getSimpleName());
        }
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

    private static void putNumber(ObjectNode o, String field, String value) {
        if (value == null) {
            return;
        }
        try {
            o.put(field, new BigDecimal(value));
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
}
