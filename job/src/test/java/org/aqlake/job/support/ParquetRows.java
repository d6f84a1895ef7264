package org.aqlake.job.support;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Our own reader of a Parquet table folder: parquet-java's generic example model, which knows nothing
 * of the job's writer. Each row also gets {@code _partition}, the folder it was found in.
 */
public final class ParquetRows {

    public static final String PARTITION = "_partition";

    private ParquetRows() {}

    public static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    // hidden files are no part of a table: Athena, Hive, Spark and Flink skip them
                    .filter(p -> !p.getFileName().toString().startsWith(".")
                            && !p.getFileName().toString().startsWith("_"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    public static List<Map<String, Object>> read(Path tableDir) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path file : files(tableDir, ".parquet")) {
            String partition = tableDir.relativize(file.getParent()).toString();
            try (ParquetReader<Group> reader = ParquetReader
                    .builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                    .build()) {
                Group g;
                while ((g = reader.read()) != null) {
                    Map<String, Object> row = toMap(g);
                    row.put(PARTITION, partition);
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Map<String, Object> toMap(Group g) {
        Map<String, Object> row = new LinkedHashMap<>();
        List<Type> fields = g.getType().getFields();
        for (int i = 0; i < fields.size(); i++) {
            Type f = fields.get(i);
            if (g.getFieldRepetitionCount(i) == 0) {
                row.put(f.getName(), null);
                continue;
            }
            PrimitiveType.PrimitiveTypeName type = f.asPrimitiveType().getPrimitiveTypeName();
            switch (type) {
                case INT64:
                    row.put(f.getName(), g.getLong(i, 0));
                    break;
                case INT32:
                    row.put(f.getName(), g.getInteger(i, 0));
                    break;
                case DOUBLE:
                    row.put(f.getName(), g.getDouble(i, 0));
                    break;
                case BOOLEAN:
                    row.put(f.getName(), g.getBoolean(i, 0));
                    break;
                case BINARY:
                    row.put(f.getName(), g.getString(i, 0));
                    break;
                default:
                    throw new IllegalStateException("unexpected column type " + type + " of " + f.getName());
            }
        }
        return row;
    }
}
