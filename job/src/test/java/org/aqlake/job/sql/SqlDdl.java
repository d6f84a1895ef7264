package org.aqlake.job.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Just enough of a reader of the project's own {@code CREATE TABLE} files to check them: the columns, the
 * partition columns, the location and the table properties (Athena's {@code TBLPROPERTIES}, Flink's
 * {@code WITH}). It relies on the files' layout, one column per line, which the tests' own failures
 * would show if a file left it.
 */
final class SqlDdl {

    static final Path SQL = Path.of("..", "sql");

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE (?:EXTERNAL )?TABLE (?:IF NOT EXISTS )?(\\w+) \\(");
    private static final Pattern COLUMN = Pattern.compile(
            "^\\s*`?(\\w+)`?\\s+([A-Za-z_]+(?:\\(\\d+\\))?)((?:\\s+NOT NULL)?)(?:\\s+COMMENT\\s+'(?:[^']|'')*')?,?\\s*$");
    private static final Pattern PROPERTY = Pattern.compile("'([^']+)'\\s*=\\s*'((?:[^']|'')*)'");
    private static final Pattern LOCATION = Pattern.compile("^LOCATION '([^']*)'", Pattern.MULTILINE);

    final String text;
    final String name;
    /** Column name to type, as written (lower case for Athena, upper case for Flink). */
    final Map<String, String> columns;
    final List<String> notNull;
    final Map<String, String> partitionColumns;
    final Map<String, String> properties;
    final String location;

    private SqlDdl(String file) {
        // the first statement only: a file may create a table and then what reads it
        Matcher end = Pattern.compile(";\\s*(\n|$)").matcher(file);
        String text = end.find() ? file.substring(0, end.start()) : file;
        this.text = text;
        Matcher create = CREATE_TABLE.matcher(text);
        if (!create.find()) {
            throw new AssertionError("no CREATE TABLE in:\n" + text);
        }
        name = create.group(1);
        List<String> lines = List.of(text.split("\n"));
        int first = indexOf(lines, create.group(0)) + 1;
        columns = new LinkedHashMap<>();
        notNull = new ArrayList<>();
        readColumns(lines, first, columns, notNull);
        int partitioned = indexOf(lines, "PARTITIONED BY (");
        partitionColumns = new LinkedHashMap<>();
        if (partitioned >= 0 && lines.get(partitioned).trim().endsWith("(")) {
            readColumns(lines, partitioned + 1, partitionColumns, new ArrayList<>());
        } else if (partitioned >= 0) {
            // Flink: PARTITIONED BY (`a`, `b`) names columns of the schema
            String inner = lines.get(partitioned).replaceAll(".*PARTITIONED BY \\((.*)\\).*", "$1");
            for (String c : inner.split(",")) {
                String column = c.trim().replace("`", "");
                partitionColumns.put(column, columns.get(column));
            }
        }
        properties = new LinkedHashMap<>();
        int options = Math.max(text.indexOf("TBLPROPERTIES ("), text.indexOf("\nWITH ("));
        Matcher p = PROPERTY.matcher(options < 0 ? "" : text.substring(options));
        while (p.find()) {
            properties.put(p.group(1), p.group(2).replace("''", "'"));
        }
        Matcher l = LOCATION.matcher(text);
        location = l.find() ? l.group(1) : null;
    }

    static SqlDdl read(Path file) throws IOException {
        return new SqlDdl(withoutComments(Files.readString(file, StandardCharsets.UTF_8)));
    }

    /** The first table of a text without comments. */
    static SqlDdl of(String text) {
        return new SqlDdl(text);
    }

    static List<Path> files(String folder) throws IOException {
        try (var s = Files.list(SQL.resolve(folder))) {
            return s.filter(f -> f.toString().endsWith(".sql")).sorted().collect(Collectors.toList());
        }
    }

    /** The file without its line comments ({@code --} to the end of a line, outside string literals). */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            boolean quoted = false;
            int cut = line.length();
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (ch == '\'') {
                    quoted = !quoted;
                } else if (!quoted && ch == '-' && c + 1 < line.length() && line.charAt(c + 1) == '-') {
                    cut = c;
                    break;
                }
            }
            String kept = line.substring(0, cut);
            if (!kept.isBlank() || cut == line.length()) {
                out.append(kept.replaceAll("\\s+$", "")).append('\n');
            }
        }
        return out.toString().strip() + "\n";
    }

    private static int readColumns(List<String> lines, int from, Map<String, String> columns, List<String> notNull) {
        int i = from;
        for (; i < lines.size() && !lines.get(i).trim().startsWith(")"); i++) {
            Matcher m = COLUMN.matcher(lines.get(i));
            if (!m.matches()) {
                throw new AssertionError("not a column: " + lines.get(i));
            }
            columns.put(m.group(1), m.group(2));
            if (!m.group(3).isBlank()) {
                notNull.add(m.group(1));
            }
        }
        return i + 1;
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith(start.trim())) {
                return i;
            }
        }
        return -1;
    }

    /** Athena's {@code ${name}} placeholders of a template filled in: zero-padded to the projection's digits. */
    String project(String template, Map<String, Object> values) {
        String out = template;
        for (Map.Entry<String, Object> v : values.entrySet()) {
            String digits = properties.get("projection." + v.getKey() + ".digits");
            String shown = digits == null || !(v.getValue() instanceof Integer) ? String.valueOf(v.getValue())
                    : String.format(Locale.ROOT, "%0" + digits + "d", (Integer) v.getValue());
            out = out.replace("${" + v.getKey() + "}", shown);
        }
        return out;
    }
}
