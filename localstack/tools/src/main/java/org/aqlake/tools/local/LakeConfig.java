package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.tools.ToolException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few keys of the job's config file that say where its tables are. The tools read them from the file
 * themselves rather than through the job's classes, which are never on the tools' class path;
 * {@code LakeFoldersTest} holds this reading to the job's own config.
 */
public final class LakeConfig {

    static final String TRANSFORMED_PATH = "lake.transformed-path";
    static final String RAW_ENABLED = "lake.raw-archive.enabled";
    static final String RAW_PATH = "lake.raw-path";
    static final String AGGREGATES_ENABLED = "aggregates.enabled";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LakeConfig() {}

    /** The file's property groups, flattened to {@code group.key -> value}. */
    public static Map<String, String> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ToolException("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
        // Managed Flink's {"PropertyGroups": [...]}, or the bare array, as the job accepts
        JsonNode groups = root != null && root.isObject() ? root.get("PropertyGroups") : root;
        if (groups == null || !groups.isArray()) {
            throw new ToolException("Config file " + file + " holds no PropertyGroups");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            String id = group.path("PropertyGroupId").asText();
            for (Iterator<Map.Entry<String, JsonNode>> it = group.path("PropertyMap").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flat.put(id + "." + e.getKey(), e.getValue().asText());
            }
        }
        return flat;
    }

    /**
     * Where the tables of the lake that this flattened config describes are, in a local S3Proxy's store, and
     * with {@code lake.format=iceberg} the catalog of its Iceberg tables.
     */
    public static LakeFolders folders(Map<String, String> flat, Path s3Dir) {
        String transformed = value(flat, TRANSFORMED_PATH, "");
        if (transformed.isEmpty()) {
            throw new ToolException("The config names no " + TRANSFORMED_PATH);
        }
        boolean raw = Boolean.parseBoolean(value(flat, RAW_ENABLED, "false"));
        boolean aggregates = Boolean.parseBoolean(value(flat, AGGREGATES_ENABLED, "true"));
        return new LakeFolders(
                LakeFolders.local(child(transformed, "readings"), s3Dir),
                LakeFolders.local(child(transformed, "errors"), s3Dir),
                raw ? LakeFolders.local(value(flat, RAW_PATH, ""), s3Dir) : null,
                aggregates ? LakeFolders.local(child(transformed, "aggregates"), s3Dir) : null)
                .withIceberg(IcebergLake.fromConfig(flat, s3Dir));
    }

    private static String value(Map<String, String> flat, String key, String otherwise) {
        String v = flat.get(key);
        return v == null || v.isBlank() ? otherwise : v.trim();
    }

    private static String child(String root, String name) {
        return root.endsWith("/") ? root + name : root + "/" + name;
    }
}
