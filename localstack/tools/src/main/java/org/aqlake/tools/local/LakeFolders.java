package org.aqlake.tools.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the tables of a local lake are on disk. The local S3Proxy keeps each bucket as a folder of its
 * file-system store, so {@code s3://aq-transformed/readings} is {@code <s3 dir>/aq-transformed/readings};
 * a {@code file://} lake path is its own folder.
 */
public final class LakeFolders {

    public final Path readings;
    public final Path errors;
    /** Null when the raw archive is off. */
    public final Path raw;
    /** Null when the aggregates table is off. */
    public final Path aggregates;
    /**
     * With {@code lake.format=iceberg}: the catalog whose tables replace the folders above; a table the
     * catalog lacks is still read from its folder, where the job writes it.
     */
    public final Optional<IcebergLake> iceberg;

    public LakeFolders(Path readings, Path errors, Path raw) {
        this(readings, errors, raw, null);
    }

    public LakeFolders(Path readings, Path errors, Path raw, Path aggregates) {
        this(readings, errors, raw, aggregates, Optional.empty());
    }

    private LakeFolders(Path readings, Path errors, Path raw, Path aggregates, Optional<IcebergLake> iceberg) {
        this.readings = readings;
        this.errors = errors;
        this.raw = raw;
        this.aggregates = aggregates;
        this.iceberg = Objects.requireNonNull(iceberg, "iceberg");
    }

    /** The same folders, with the tables of this Iceberg catalog in their place where it has them. */
    public LakeFolders withIceberg(Optional<IcebergLake> catalog) {
        return new LakeFolders(readings, errors, raw, aggregates, catalog);
    }

    static Path local(String lakePath, Path s3Dir) {
        URI uri = URI.create(lakePath);
        if ("file".equals(uri.getScheme())) {
            return Path.of(uri).toAbsolutePath().normalize();
        }
        String key = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        Path bucket = s3Dir.toAbsolutePath().normalize().resolve(uri.getHost());
        return key.isEmpty() ? bucket : bucket.resolve(key);
    }
}
