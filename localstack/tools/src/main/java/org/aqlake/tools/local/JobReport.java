package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.aqlake.tools.ToolException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the drain learned about the job itself, for the summary written after the job has ended (its REST
 * API is gone by then): how often it restarted.
 */
public final class JobReport {

    public static final String RESTARTS = "restarts";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final long restarts;

    public JobReport(long restarts) {
        this.restarts = restarts;
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put(RESTARTS, restarts);
        Files.writeString(file, o.toPrettyString() + "\n");
    }

    public static JobReport read(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ToolException("Cannot read the drain's job report " + file + ": " + e.getMessage(), e);
        }
        if (n == null || !n.path(RESTARTS).canConvertToLong()) {
            throw new ToolException("The drain's job report " + file + " has no " + RESTARTS);
        }
        return new JobReport(n.path(RESTARTS).asLong());
    }
}
