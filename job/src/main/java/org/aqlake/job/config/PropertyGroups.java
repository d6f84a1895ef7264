package org.aqlake.job.config;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads runtime property groups and flattens them to {@code group.key -> value}.
 *
 * <p>Files use Managed Flink's {@code ApplicationConfiguration.EnvironmentProperties} shape,
 * {@code {"PropertyGroups": [{"PropertyGroupId": "...", "PropertyMap": {...}}]}}, so the same JSON
 * can be pasted into a CloudFormation template or an {@code aws kinesisanalyticsv2} call. The bare
 * array that {@code KinesisAnalyticsRuntime.getApplicationProperties(file)} reads is accepted too.
 */
public final class PropertyGroups {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PropertyGroups() {}

    /** The property groups of a Managed Flink application, through the AWS runtime library. */
    public static Map<String, String> fromManagedFlink() throws IOException {
        return flatten(KinesisAnalyticsRuntime.getApplicationProperties());
    }

    public static Map<String, String> fromFile(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidConfigException("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
        JsonNode groups = root != null && root.isObject() ? root.get("PropertyGroups") : root;
        if (groups == null || !groups.isArray()) {
            throw new InvalidConfigException("Config file " + file
                    + " must hold {\"PropertyGroups\": [{\"PropertyGroupId\": ..., \"PropertyMap\": {...}}]}");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode group : groups) {
            index++;
            JsonNode id = group.get("PropertyGroupId");
            JsonNode map = group.get("PropertyMap");
            if (id == null || !id.isTextual() || map == null || !map.isObject()) {
                throw new InvalidConfigException("Config file " + file
                        + ": property group #" + index + " needs a string PropertyGroupId and an object PropertyMap");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = id.asText() + "." + e.getKey();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new InvalidConfigException("Config file " + file + ": key '" + key
                            + "' must have a string value");
                }
                flat.put(key, e.getValue().asText());
            }
        }
        return flat;
    }

    public static Map<String, String> flatten(Map<String, Properties> groups) {
        Map<String, String> flat = new LinkedHashMap<>();
        groups.forEach((group, props) ->
                props.stringPropertyNames().forEach(k -> flat.put(group + "." + k, props.getProperty(k))));
        return flat;
    }

    /**
     * Parses {@code --group.key=value} arguments. Anything else is an error, so that a typo is not
     * silently ignored.
     */
    public static Map<String, String> overrides(Iterable<String> args) {
        Map<String, String> flat = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || arg.indexOf('.') < 0 || arg.indexOf('.') > eq) {
                throw new InvalidConfigException("Cannot read argument '" + arg
                        + "': overrides look like --<group>.<key>=<value>");
            }
            flat.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return flat;
    }
}
