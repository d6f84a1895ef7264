package org.aqlake.tools.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./localstack/aq-lake pipeline} runs a recipe of sql/pipelines/ with the shaded job jar on its
 * local cluster (the Table API and planner from the cluster's class path, the parser and formats from the
 * jar, as on Managed Flink), and a script whose parameter is missing is refused in one line.
 */
class LocalPipelineIT {

    static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    static final long TIMEOUT_SECONDS = 300;
    /** The RetailRocket sample's events (RetailRocketPipelineIT checks them row by row). */
    static final long EVENTS = 1_419;

    @TempDir
    Path dir;

    static Path retailRocket() {
        return Path.of(System.getProperty("shared.data.dir", "../../../shared/data")).resolve("retailrocket")
                .toAbsolutePath().normalize();
    }

    Process pipeline(Path log, String... args) throws Exception {
        String[] command = new String[args.length + 6];
        command[0] = ROOT.resolve("localstack/aq-lake").toString();
        command[1] = "pipeline";
        command[2] = "--web-port";
        command[3] = Integer.toString(LocalRunIT.freePorts(1)[0]);
        command[4] = "--state-dir";
        command[5] = dir.resolve("flink").toString();
        System.arraycopy(args, 0, command, 6, args.length);
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroyForcibly();
            throw new AssertionError("aq-lake pipeline did not end; its output:\n" + Files.readString(log));
        }
        return p;
    }

    @Test
    void theRetailRecipeWritesItsTablesIntoTheLakeFolder() throws Exception {
        Path lake = dir.resolve("lake");
        Path log = dir.resolve("pipeline.log");

        Process p = pipeline(log, "sql/pipelines/01_retailrocket", "--set", "input=" + retailRocket(),
                "--lake", lake.toString());
        String output = Files.readString(log);

        assertThat(p.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output).contains("pipeline: sql/pipelines/01_retailrocket wrote " + lake)
                .contains("  events", "  item_properties", "  category_tree", "  errors");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement st = db.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
            st.setString(1, lake.resolve("events") + "/**/part-*");
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(EVENTS);
            }
        }
    }

    @Test
    void aMissingParameterIsNamedWithItsLineAndTheToolExitsWithOne() throws Exception {
        Path log = dir.resolve("missing.log");

        Process p = pipeline(log, "sql/pipelines/01_retailrocket", "--lake", dir.resolve("lake").toString());
        String output = Files.readString(log);

        assertThat(p.exitValue()).as("exit code; output:%n%s", output).isEqualTo(1);
        assertThat(output).containsPattern("The job did not start: .*pipeline\\.sql line \\d+: parameter 'input'"
                + " has no value");
    }
}
