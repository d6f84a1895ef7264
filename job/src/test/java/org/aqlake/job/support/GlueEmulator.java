package org.aqlake.job.support;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.time.Duration;

/**
 * The AWS Glue Data Catalog API of moto's server mode ({@code python3 -m moto.server}, moto 5 from the machine's
 * Python) as a child process on a free loopback port. It serves the catalog calls Iceberg's GlueCatalog makes,
 * but accepts any {@code VersionId} on UpdateTable: Glue's optimistic-lock rejection is not emulated.
 */
public final class GlueEmulator implements AutoCloseable {

    /** Any credentials do; these are only for the requests' signatures. */
    public static final String ACCESS_KEY = "glue-emulator";
    public static final String SECRET_KEY = "glue-emulator-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private GlueEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static GlueEmulator start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("glue.emulator.python", "python3"), "-m",
                "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port));
        new File("target").mkdirs();
        pb.redirectErrorStream(true).redirectOutput(new File("target/glue-emulator.log"));
        GlueEmulator emulator = new GlueEmulator(pb.start(), port);
        try {
            Polling.await(START_TIMEOUT, "moto's Glue emulator", emulator::answers);
        } catch (RuntimeException | InterruptedException e) {
            emulator.close();
            throw e;
        }
        return emulator;
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("moto.server exited with " + process.exitValue()
                    + " (is moto with its server extras installed for python3?); see target/glue-emulator.log");
        }
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(endpoint() + "/moto-api/").openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            return c.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A Glue client of the test's own, to read what the job left in the catalog. */
    public GlueClient client(String region) {
        return GlueClient.builder().endpointOverride(URI.create(endpoint())).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
