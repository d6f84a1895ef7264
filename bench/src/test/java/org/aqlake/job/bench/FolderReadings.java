package org.aqlake.job.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Parquet folders ({@code lake.format=PARQUET}) on a local file system: a reader lists {@code readings/}
 * and reads each new visible file, a committed one, or a compacted one when compaction is on.
 */
final class FolderReadings implements VisibleReadings {

    private final Path lake;
    private final Set<String> seen = new HashSet<>();

    FolderReadings(Path lake) {
        this.lake = lake;
    }

    @Override
    public Map<String, String> config() {
        return Map.of("lake.transformed-path", lake.toUri().toString());
    }

    @Override
    public List<String> newlyVisible() throws Exception {
        Path readings = lake.resolve("readings");
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(readings)) {
            return ids;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(readings)) {
            files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        for (Path f : files) {
            String key = readings.relativize(f).toString();
            if (VisibleReadings.visibleParquet(key) && seen.add(key)) {
                ids.addAll(VisibleReadings.deviceIds(f.toUri().toString()));
            }
        }
        return ids;
    }

    @Override
    public void close() {
        // nothing held between listings
    }
}
