package org.aqlake.tools.cli;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AqLakeCliTest {

    @Test
    void withoutASubcommandTheToolsNameTheirSubcommandsAndFail() {
        StringWriter err = new StringWriter();
        CommandLine cli = AqLakeCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute();

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).containsPattern("(?m)^\\s+local\\b").containsPattern("(?m)^\\s+run\\b")
                .contains("produce", "drain", "stop", "summary", "repair", "pipeline", "backfill");
    }

    @Test
    void runTakesTheJobsOwnArgumentsAsGivenAndLocalTakesThemAfterTheDoubleDash() {
        CommandLine cli = AqLakeCli.commandLine();
        cli.parseArgs("run", "--config", "config/local.json", "--lake.parquet-compression=SNAPPY");
        RunCommand run = cli.getSubcommands().get("run").getCommand();

        assertThat(run.args).containsExactly("--config", "config/local.json", "--lake.parquet-compression=SNAPPY");

        CommandLine again = AqLakeCli.commandLine();
        again.parseArgs("local", "--web-port", "8082", "--", "--config", "config/local.json");
        LocalCommand local = again.getSubcommands().get("local").getCommand();

        assertThat(local.webPort).isEqualTo(8082);
        assertThat(local.jobArgs).containsExactly("--config", "config/local.json");
    }

    @Test
    void repairSubmitsTheJobsArgumentsWithTheRepairKeysLastSoThatTheyWin() {
        CommandLine cli = AqLakeCli.commandLine();
        cli.parseArgs("repair", "--from", "2024-05-01T00:00:00Z", "--to", "2024-05-02T00:00:00Z", "--",
                "--config", "config/local.json", "--repair.enabled=false");
        RepairCommand repair = cli.getSubcommands().get("repair").getCommand();

        assertThat(repair.webPort).as("beside a local job's web UI").isEqualTo(8082);
        assertThat(repair.repairArgs()).containsExactly("--config", "config/local.json", "--repair.enabled=false",
                "--repair.enabled=true", "--repair.from=2024-05-01T00:00:00Z", "--repair.to=2024-05-02T00:00:00Z");
    }

    @Test
    void pipelineSubmitsTheRecipesScriptModeLakeAndParametersAsPipelineKeys() {
        CommandLine cli = AqLakeCli.commandLine();
        Path recipe = Path.of("..", "..", "sql", "pipelines", "01_retailrocket");
        cli.parseArgs("pipeline", recipe.toString(), "--set", "input=/data/retailrocket", "--set", "day=2015-06-01",
                "--lake", "/tmp/retail");
        PipelineCommand pipeline = cli.getSubcommands().get("pipeline").getCommand();

        assertThat(pipeline.webPort).as("beside a local job's web UI").isEqualTo(8082);
        assertThat(pipeline.jobArgs()).containsExactly(
                "--pipeline.script=" + recipe.resolve("pipeline.sql").toAbsolutePath().normalize().toUri(),
                "--pipeline.mode=BATCH",
                "--pipeline.params.lake=" + Path.of("/tmp/retail").toUri(),
                "--pipeline.params.input=/data/retailrocket",
                "--pipeline.params.day=2015-06-01");
    }

    @Test
    void pipelineRefusesAFolderWithoutAScriptAndALakeGivenTwice() {
        StringWriter err = new StringWriter();
        CommandLine cli = AqLakeCli.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("pipeline", "..", "--lake", "/tmp/l")).isEqualTo(2);
        assertThat(err.toString()).contains("No SQL script at").contains("pipeline.sql");
        assertThat(cli.execute("pipeline", Path.of("..", "..", "sql", "pipelines", "02_stedi").toString(),
                "--set", "lake=/x", "--lake", "/tmp/l")).isEqualTo(2);
        assertThat(err.toString()).contains("pass --lake only");
        assertThat(cli.execute("pipeline", "..")).isEqualTo(2);
        assertThat(err.toString()).contains("--lake");
    }

    @Test
    void theCsvLinesOptionsGoWithTheirFormatOnlyAndDrainAndSummaryTakeAPipelineLake() {
        StringWriter err = new StringWriter();
        CommandLine cli = AqLakeCli.commandLine();
        cli.getSubcommands().values().forEach(c -> c.setErr(new PrintWriter(err)));

        assertThat(cli.execute("produce", "--replay", "x.csv", "--lines-per-record", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("apply to --format CSV_LINES only");
        assertThat(cli.execute("produce", "--replay", "x.csv", "--format", "CSV_LINES", "--lines-per-record", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("'--lines-per-record': 0 must be at least 1");

        CommandLine drain = AqLakeCli.commandLine();
        drain.parseArgs("drain", "--pipeline-lake", "/tmp/lake", "--sent-report", "sent.json");
        assertThat(((DrainCommand) drain.getSubcommands().get("drain").getCommand()).lake.pipelineLake())
                .contains(Path.of("/tmp/lake"));
        CommandLine summary = AqLakeCli.commandLine();
        summary.parseArgs("summary", "--sent-report", "sent.json");
        assertThat(((SummaryCommand) summary.getSubcommands().get("summary").getCommand()).lake.pipelineLake())
                .isEmpty();
    }

    @Test
    void backfillSubmitsTheJobsArgumentsWithTheBackfillKeysLastAndItsPathsAbsolute() {
        CommandLine cli = AqLakeCli.commandLine();
        cli.parseArgs("backfill", "--csv-source-type", "government", "day.csv", "s3://openaq-fetches/daily/", "--",
                "--config", "config/local.json", "--backfill.enabled=false");
        BackfillCommand backfill = cli.getSubcommands().get("backfill").getCommand();
        String day = java.nio.file.Path.of("day.csv").toAbsolutePath().normalize().toString();

        assertThat(backfill.webPort).as("beside a local job's web UI").isEqualTo(8082);
        assertThat(backfill.paths()).containsExactly(day, "s3://openaq-fetches/daily/");
        assertThat(backfill.backfillArgs()).containsExactly("--config", "config/local.json",
                "--backfill.enabled=false", "--backfill.enabled=true",
                "--backfill.paths=" + day + ",s3://openaq-fetches/daily/", "--backfill.format=auto",
                "--backfill.csv-source-type=government");
    }

    @Test
    void repairWithoutItsRangeIsRefusedNamingTheMissingOption() {
        StringWriter err = new StringWriter();
        CommandLine cli = AqLakeCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("repair", "--from", "2024-05-01T00:00:00Z");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--to");
    }

    @Test
    void theJobJarComesFromTheLaunchersPropertyUnlessGiven() {
        System.setProperty(JobJarOption.PROPERTY, "/opt/aq-lake-job.jar");
        try {
            CommandLine byDefault = AqLakeCli.commandLine();
            byDefault.parseArgs("local");
            CommandLine given = AqLakeCli.commandLine();
            given.parseArgs("local", "--job-jar", "other.jar");

            assertThat(((LocalCommand) byDefault.getSubcommands().get("local").getCommand()).cluster.jar.path())
                    .isEqualTo(Path.of("/opt/aq-lake-job.jar"));
            assertThat(((LocalCommand) given.getSubcommands().get("local").getCommand()).cluster.jar.path())
                    .isEqualTo(Path.of("other.jar"));
        } finally {
            System.clearProperty(JobJarOption.PROPERTY);
        }
    }

    @Test
    void aBadFlagIsNamedInOneLineWithoutTheWholeUsage() {
        StringWriter err = new StringWriter();
        CommandLine cli = AqLakeCli.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.getSubcommands().values().forEach(c -> c.setErr(new PrintWriter(err)));

        int code = cli.execute("produce", "--bad-fraction", "1.5");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().trim().split("\n"))
                .hasSize(2)
                .satisfies(lines -> assertThat(lines[0]).contains("'--bad-fraction'").contains("1.5"));
    }

    @Test
    void anUnknownFlagIsNamed() {
        StringWriter err = new StringWriter();
        CommandLine cli = AqLakeCli.commandLine();
        cli.getSubcommands().values().forEach(c -> c.setErr(new PrintWriter(err)));

        int code = cli.execute("produce", "--rte", "5");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--rte");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        DurationConverter c = new DurationConverter();

        assertThat(c.convert("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(c.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.convert("5 min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(c.convert("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> c.convert("soon")).hasMessageContaining("'soon'");
    }

    @Test
    void backfillCountsAFoldersFilesAsTheJobListsThemSkippingHiddenFilesAndFolders() {
        Path root = Path.of("/data/openaq");

        assertThat(BackfillCommand.hiddenUnder(root, root.resolve("2017/09/07.csv"))).isFalse();
        assertThat(BackfillCommand.hiddenUnder(root, root.resolve("_tmp/07.csv"))).as("a folder of _").isTrue();
        assertThat(BackfillCommand.hiddenUnder(root, root.resolve("2017/.cache/07.csv"))).as("a folder of .").isTrue();
        assertThat(BackfillCommand.hiddenUnder(root, root.resolve("_SUCCESS"))).isTrue();
        assertThat(BackfillCommand.hiddenUnder(root, root.resolve(".07.csv.crc"))).isTrue();
    }
}
