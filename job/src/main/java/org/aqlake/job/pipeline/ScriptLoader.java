package org.aqlake.job.pipeline;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a script from where a property names it: {@code classpath:sql/pipelines/…} (a script packed in
 * the job jar), or any path Flink's file systems read ({@code s3://bucket/key}, {@code file:///…}, a
 * local path).
 */
public final class ScriptLoader {

    public static final String CLASSPATH = "classpath:";

    private ScriptLoader() {}

    public static SqlScript load(String location) throws IOException {
        return SqlScript.parse(location, read(location));
    }

    static String read(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
            ClassLoader loader = ScriptLoader.class.getClassLoader();
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ScriptException("No script " + location + " in the job jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Path path = new Path(location);
        if (!path.getFileSystem().exists(path)) {
            throw new ScriptException("No script at " + location);
        }
        try (FSDataInputStream in = path.getFileSystem().open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
