package org.aqlake.job.cli;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AqLakeCliTest {

    @Test
    void noArgumentsRunTheJobAsManagedFlinkExpects() {
        assertThat(AqLakeCli.jobArguments(new String[0])).isEmpty();
    }

    @Test
    void aConfigFileWithOverridesStillRunsTheJobUnchanged() {
        String[] args = {"--config", "config/local.json", "--lake.parquet-compression=SNAPPY"};

        assertThat(AqLakeCli.jobArguments(args)).containsExactly(args);
    }

    @Test
    void theRunSubcommandRunsTheJobWithTheArgumentsAfterIt() {
        assertThat(AqLakeCli.jobArguments(new String[] {"run", "--config", "x.json"}))
                .containsExactly("--config", "x.json");
    }

    @Test
    void theToolsAndHelpAreLeftToTheCommandLine() {
        for (String first : new String[] {"local", "produce", "drain", "stop", "summary", "help", "--help", "-h",
            "--version"}) {
            assertThat(AqLakeCli.jobArguments(new String[] {first, "--x"})).as(first).isNull();
        }
        assertThat(AqLakeCli.jobArguments(new String[] {"run", "--help"})).isNull();
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
}
