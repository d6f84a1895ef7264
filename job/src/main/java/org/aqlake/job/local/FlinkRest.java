package org.aqlake.job.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.cli.ToolException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The few calls of Flink's REST API that the local tools need, with the JDK's own HTTP client. */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FlinkRest(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    public URI base() {
        return base;
    }

    /** A job as the overview lists it. */
    public static final class Job {
        public final String id;
        public final String name;
        public final String state;
        public final long startTime;

        Job(JsonNode n) {
            id = n.path("jid").asText();
            name = n.path("name").asText();
            state = n.path("state").asText();
            startTime = n.path("start-time").asLong();
        }
    }

    public List<Job> jobs() throws IOException, InterruptedException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode j : get("jobs/overview").path("jobs")) {
            jobs.add(new Job(j));
        }
        return jobs;
    }

    public String state(String jobId) throws IOException, InterruptedException {
        return get("jobs/" + jobId).path("state").asText();
    }

    /** The sum over every vertex and subtask of the job of the metrics whose ids pass the filter. */
    public long sumMetrics(String jobId, Predicate<String> ids) throws IOException, InterruptedException {
        long sum = 0;
        for (JsonNode v : get("jobs/" + jobId).path("vertices")) {
            String path = "jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
            List<String> wanted = new ArrayList<>();
            for (JsonNode m : get(path)) {
                if (ids.test(m.path("id").asText())) {
                    wanted.add(m.path("id").asText());
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            String query = "?agg=sum&get=" + URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
            for (JsonNode m : get(path + query)) {
                sum += m.path("sum").asLong();
            }
        }
        return sum;
    }

    /**
     * How often the job has restarted since it was submitted (Flink's job-level {@code numRestarts}); 0
     * before the metric is first reported.
     */
    public long numRestarts(String jobId) throws IOException, InterruptedException {
        for (JsonNode m : get("jobs/" + jobId + "/metrics?get=numRestarts")) {
            if (m.path("id").asText().equals("numRestarts")) {
                return m.path("value").asLong();
            }
        }
        return 0;
    }

    /** Triggers stop-with-savepoint; returns the trigger id to poll. */
    public String stopWithSavepoint(String jobId, boolean drain) throws IOException, InterruptedException {
        JsonNode r = post("jobs/" + jobId + "/stop", "{\"drain\":" + drain + "}");
        String id = r.path("request-id").asText(null);
        if (id == null) {
            throw new ToolException("Flink did not accept the stop request: " + r);
        }
        return id;
    }

    /** The savepoint's status: {@code {"status":{"id":"IN_PROGRESS|COMPLETED"},"operation":{...}}}. */
    public JsonNode savepoint(String jobId, String triggerId) throws IOException, InterruptedException {
        return get("jobs/" + jobId + "/savepoints/" + triggerId);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private JsonNode post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
