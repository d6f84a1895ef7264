package org.aqlake.tools.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./localstack/aq-lake local} submits the job jar to its local cluster: when the job's main method
 * refuses its arguments, the tool says why in one line and exits 1, and the cluster ends with it.
 */
class LocalJobJarIT {

    static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void aJobWhoseConfigIsMissingIsReportedInOneLineAndTheToolExitsWithOne() throws Exception {
        Path missing = dir.resolve("missing.json");
        Path log = dir.resolve("local.log");
        int port = LocalRunIT.freePorts(1)[0];

        Process local = new ProcessBuilder(ROOT.resolve("localstack/aq-lake").toString(), "local",
                "--web-port", Integer.toString(port), "--state-dir", dir.resolve("flink").toString(),
                "--", "--config", missing.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = local.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            local.descendants().forEach(ProcessHandle::destroy);
            local.destroyForcibly();
        }
        String output = Files.readString(log);

        assertThat(ended).as("aq-lake local ended; its output:%n%s", output).isTrue();
        assertThat(local.exitValue()).as("exit code; output:%n%s", output).isEqualTo(1);
        assertThat(output).contains("local: Flink web UI on http://localhost:" + port)
                .contains("aq-lake local: The job did not start: Config file " + missing + " (--config) does not exist");
    }
}
