package org.aqlake.job.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JUnit 5 extension running the real Kinesis emulator, npm {@code kinesis-local} (the Node build of
 * kinesis-mock), as a child process on free loopback ports: one process per test JVM, stopped when the
 * test run ends. The build installs it with {@code npm ci} in {@code localstack/}.
 */
public final class KinesisEmulator implements BeforeAllCallback {

    /** kinesis-mock takes a 12-digit access key as the account id. */
    public static final String ACCESS_KEY = "000000000000";
    public static final String SECRET_KEY = "not-a-secret";
    public static final String REGION = "us-east-1";
    private static final int PUT_BATCH = 500;
    /** Shards the emulator allows over all streams (its default, 50, is the AWS account default). */
    private static final int SHARD_LIMIT = 1_000;

    private static volatile Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
    }

    /**
     * Starts an emulator outside JUnit (the benchmark's freshness runs) and makes it the one {@link
     * #endpoint()} names; close the result to stop it.
     */
    public static AutoCloseable startStandalone() {
        Server s = Server.start();
        server = s;
        return s::close;
    }

    public static String endpoint() {
        if (server == null) {
            throw new IllegalStateException("@ExtendWith(KinesisEmulator.class) is missing");
        }
        return "http://127.0.0.1:" + server.port;
    }

    public static KinesisClient client() {
        return KinesisClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public static void createStream(KinesisClient kinesis, String stream, int shards) throws InterruptedException {
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        Polling.await(Duration.ofSeconds(30), "stream " + stream + " ACTIVE", () -> kinesis
                .describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
                == StreamStatus.ACTIVE);
    }

    /** PutRecords in batches of 500; only the failed entries of a batch are sent again. */
    public static void put(KinesisClient kinesis, String stream, List<TestRecord> records) throws InterruptedException {
        for (int from = 0; from < records.size(); from += PUT_BATCH) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (TestRecord r : records.subList(from, Math.min(records.size(), from + PUT_BATCH))) {
                batch.add(PutRecordsRequestEntry.builder()
                        .partitionKey(r.partitionKey)
                        .data(SdkBytes.fromByteArray(r.payload))
                        .build());
            }
            for (int attempt = 1; !batch.isEmpty(); attempt++) {
                if (attempt > 10) {
                    throw new IllegalStateException("PutRecords keeps failing for " + batch.size() + " records");
                }
                List<PutRecordsRequestEntry> sent = batch;
                PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(sent));
                List<PutRecordsRequestEntry> failed = new ArrayList<>();
                List<PutRecordsResultEntry> results = response.records();
                for (int i = 0; i < results.size(); i++) {
                    if (results.get(i).errorCode() != null) {
                        failed.add(sent.get(i));
                    }
                }
                batch = failed;
                if (!failed.isEmpty()) {
                    Thread.sleep(100L * attempt);
                }
            }
        }
    }

    static final class Server implements ExtensionContext.Store.CloseableResource {
        final Process process;
        final int port;

        private Server(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Server start() {
            File main = new File(System.getProperty("kinesis.local.dir", "../localstack/node_modules/kinesis-local"),
                    "main.js").getAbsoluteFile();
            if (!main.isFile()) {
                throw new IllegalStateException(main + " is missing: run `npm ci` in localstack/ (mvn verify does)");
            }
            try {
                int plain = freePort();
                int tls = freePort();
                ProcessBuilder pb = new ProcessBuilder("node", main.getPath());
                Map<String, String> env = pb.environment();
                env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plain));
                env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tls));
                env.put("KINESIS_MOCK_CERT_PATH", new File(main.getParentFile(), "server.json").getPath());
                env.put("AWS_REGION", REGION);
                env.put("SHOULD_PERSIST_DATA", "false");
                // one emulator serves every integration test of the JVM, and their streams add up past the
                // emulator's default account limit of 50 shards
                env.put("SHARD_LIMIT", Integer.toString(SHARD_LIMIT));
                env.put("LOG_LEVEL", "WARN");
                new File("target").mkdirs();
                pb.redirectErrorStream(true).redirectOutput(new File("target/kinesis-emulator.log"));
                Server s = new Server(pb.start(), plain);
                try {
                    s.awaitHealthy();
                } catch (RuntimeException | InterruptedException e) {
                    s.close();
                    throw e;
                }
                return s;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Cannot start the Kinesis emulator", e);
            }
        }

        private void awaitHealthy() throws InterruptedException {
            Polling.await(Duration.ofSeconds(60), "Kinesis emulator health check", () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kinesis emulator exited with " + process.exitValue()
                            + "; see target/kinesis-emulator.log");
                }
                try {
                    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/healthcheck")
                            .openConnection();
                    c.setConnectTimeout(500);
                    c.setReadTimeout(1000);
                    return c.getResponseCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
