package org.aqlake.tools.local;

import org.aqlake.job.config.PropertyGroups;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.KinesisEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * localstack/init-aws.sh, the one init script of both local stacks (LocalStack runs it as its init hook),
 * against the Docker-less emulators: kinesis-local and S3Proxy.
 */
@ExtendWith(KinesisEmulator.class)
class InitAwsIT {

    static final Path SCRIPT = Path.of("..", "..", "localstack", "init-aws.sh").toAbsolutePath().normalize();
    static final List<Path> CONFIGS = List.of(Path.of("..", "..", "config", "local.json"),
            Path.of("..", "..", "config", "localstack.json"));

    static EmbeddedS3 s3;
    static Result first;

    static final class Result {
        final int code;
        final String output;

        Result(int code, String output) {
            this.code = code;
            this.output = output;
        }
    }

    @BeforeAll
    static void runTheInitScriptOnce() throws Exception {
        s3 = new EmbeddedS3();
        first = init(EmbeddedS3.SECRET_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    static Result init(String s3Secret) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("AWS_ENDPOINT_URL_KINESIS", KinesisEmulator.endpoint());
        env.put("AWS_ENDPOINT_URL_S3", s3.endpoint());
        env.put("AWS_REGION", KinesisEmulator.REGION);
        env.put("AWS_ACCESS_KEY_ID", KinesisEmulator.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", KinesisEmulator.SECRET_KEY);
        env.put("AQ_S3_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AQ_S3_SECRET_ACCESS_KEY", s3Secret);
        // output to a file, so that the timeout holds even if the script hangs with its output open
        Path log = Files.createTempFile("init-aws", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(exited).as("init-aws.sh ended within 60 s; its output:%n%s", out).isTrue();
        return new Result(p.exitValue(), out);
    }

    static Map<String, String> config(Path file) {
        return PropertyGroups.fromFile(file);
    }

    @Test
    void itCreatesTheStreamsBothJobConfigsReadFromWithSeveralShards() {
        assertThat(first.code).as(first.output).isZero();
        try (KinesisClient kinesis = KinesisEmulator.client()) {
            for (Path file : CONFIGS) {
                StreamDescriptionSummary readings = kinesis.describeStreamSummary(
                        b -> b.streamName(config(file).get("kinesis.stream"))).streamDescriptionSummary();
                assertThat(readings.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
                assertThat(readings.openShardCount()).isEqualTo(4);
            }
            assertThat(kinesis.describeStreamSummary(b -> b.streamName("aq-consent")).streamDescriptionSummary()
                    .streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        }
    }

    @Test
    void itCreatesTheBucketsBothJobConfigsWriteTo() {
        assertThat(first.code).as(first.output).isZero();
        for (Path file : CONFIGS) {
            for (String key : List.of("lake.transformed-path", "lake.raw-path")) {
                String bucket = URI.create(config(file).get(key)).getHost();
                assertThat(s3.blobStore().containerExists(bucket)).as("%s of %s", key, file).isTrue();
            }
        }
    }

    @Test
    void runningItAgainLeavesWhatExistsAndSucceeds() throws Exception {
        Result again = init(EmbeddedS3.SECRET_KEY);

        assertThat(again.code).as(again.output).isZero();
        assertThat(again.output).contains("stream aq-readings exists").contains("bucket aq-raw exists");
    }

    @Test
    void aRejectedRequestFailsWithWhatTheServiceSaid() throws Exception {
        Result wrongKey = init("not-the-secret");

        assertThat(wrongKey.code).isEqualTo(1);
        assertThat(wrongKey.output).contains("CreateBucket").contains("403");
    }

    @Test
    void theScriptIsExecutableSoLocalStackCanRunItAsAHook() {
        assertThat(new File(SCRIPT.toString()).canExecute()).isTrue();
    }
}
