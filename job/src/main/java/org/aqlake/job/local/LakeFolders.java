package org.aqlake.job.local;

import org.aqlake.job.config.JobConfig;

import java.net.URI;
import java.nio.file.Path;

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

    public LakeFolders(Path readings, Path errors, Path raw) {
        this(readings, errors, raw, null);
    }

    public LakeFolders(Path readings, Path errors, Path raw, Path aggregates) {
        this.readings = readings;
        this.errors = errors;
        this.raw = raw;
        this.aggregates = aggregates;
    }

    public static LakeFolders of(JobConfig cfg, Path s3Dir) {
        return new LakeFolders(
                local(cfg.readingsPath(), s3Dir),
                local(cfg.errorsPath(), s3Dir),
                cfg.rawPath.map(path -> local(path, s3Dir)).orElse(null),
                cfg.aggregation.isPresent() ? local(cfg.aggregatesPath(), s3Dir) : null);
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
