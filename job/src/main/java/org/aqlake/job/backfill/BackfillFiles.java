package org.aqlake.job.backfill;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a backfill reads, listed before it starts so that a missing one is an error naming it rather
 * than a failure deep in the source: a file; a folder or S3 prefix (its files, recursively, by name); or a
 * glob such as {@code s3://openaq-fetches/daily/2017-09-*.csv} ({@code *}, {@code ?}, {@code [..]} and
 * {@code {a,b}} as in Java's glob syntax; {@code **} crosses folders). Names starting with {@code .} or
 * {@code _} ({@code _SUCCESS}, hidden files) are not data.
 */
public final class BackfillFiles {

    private BackfillFiles() {}

    /** @throws IllegalArgumentException naming a path that does not exist, matches nothing, or repeats a file */
    public static List<FileStatus> list(List<String> paths) throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        List<FileStatus> files = new ArrayList<>();
        for (String p : paths) {
            List<FileStatus> found = hasGlob(p) ? glob(p) : under(new Path(p));
            if (found.isEmpty()) {
                throw new IllegalArgumentException("backfill.paths: '" + p + "' holds no file");
            }
            for (FileStatus f : found) {
                if (!seen.add(f.getPath().toString())) {
                    throw new IllegalArgumentException("backfill.paths: " + f.getPath() + " is listed twice");
                }
                files.add(f);
            }
        }
        return files;
    }

    static boolean hasGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static List<FileStatus> under(Path path) throws IOException {
        FileSystem fs = path.getFileSystem();
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("backfill.paths: " + path + " does not exist", e);
        }
        List<FileStatus> files = new ArrayList<>();
        if (status.isDir()) {
            addFiles(fs, path, files);
            files.sort(Comparator.comparing(f -> f.getPath().toString()));
        } else {
            files.add(status);
        }
        return files;
    }

    private static void addFiles(FileSystem fs, Path dir, List<FileStatus> into) throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        if (children == null) {
            return;
        }
        for (FileStatus c : children) {
            String name = c.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (c.isDir()) {
                addFiles(fs, c.getPath(), into);
            } else {
                into.add(c);
            }
        }
    }

    /** The files under the glob's fixed folder whose path below it matches the rest of the glob. */
    private static List<FileStatus> glob(String pattern) throws IOException {
        int wild = pattern.length();
        for (int i = 0; i < pattern.length(); i++) {
            if ("*?[{".indexOf(pattern.charAt(i)) >= 0) {
                wild = i;
                break;
            }
        }
        int cut = pattern.lastIndexOf('/', wild);
        if (cut < 0) {
            throw new IllegalArgumentException("backfill.paths: the glob '" + pattern + "' needs a folder before"
                    + " its first wildcard");
        }
        String base = pattern.substring(0, cut);
        PathMatcher matcher = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(cut + 1));
        List<FileStatus> matching = new ArrayList<>();
        Path root = new Path(base.isEmpty() ? "/" : base);
        // compared by their URIs' paths: a listing qualifies its paths (file:/tmp/x for /tmp/x)
        String rootPath = root.toUri().getPath().endsWith("/") ? root.toUri().getPath() : root.toUri().getPath() + "/";
        for (FileStatus f : under(root)) {
            String full = f.getPath().toUri().getPath();
            if (full.startsWith(rootPath) && matcher.matches(Paths.get(full.substring(rootPath.length())))) {
                matching.add(f);
            }
        }
        return matching;
    }
}
