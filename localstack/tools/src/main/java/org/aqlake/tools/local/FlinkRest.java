package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.aqlake.tools.ToolException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** The few calls of Flink's REST API that the local tools need, with the JDK's own HTTP client. */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Uploading the job jar (about 100 MB) and running its main class take longer than a query. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(2);

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

    /** Uploads a job jar, as {@code flink run} or the web UI's "Submit New Job" do; returns its jar id. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "aq-lake-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        // streamed, not read into memory: the jar is about 100 MB
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head),
                        Files.newInputStream(jar), new ByteArrayInputStream(tail))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        JsonNode r = send(HttpRequest.newBuilder(base.resolve("jars/upload")).timeout(UPLOAD_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build());
        String file = r.path("filename").asText("");
        // the answer names the stored file; its name is the jar id
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar's main class with these arguments; returns the id of the job it submitted. */
    public String runJar(String jarId, List<String> args, int parallelism) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        args.forEach(request.putArray("programArgsList")::add);
        request.put("parallelism", parallelism);
        JsonNode r = send(HttpRequest.newBuilder(base.resolve("jars/" + jarId + "/run")).timeout(UPLOAD_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build());
        return r.path("jobid").asText();
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
            throw new RestException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": "
                    + r.body(), r.body());
        }
        return JSON.readTree(r.body());
    }

    /** An answer other than 2xx, with its body (Flink's {@code {"errors": [...]}}). */
    public static final class RestException extends IOException {
        private static final long serialVersionUID = 1L;
        public final String body;

        RestException(String message, String body) {
            super(message);
            this.body = body;
        }
    }
}
