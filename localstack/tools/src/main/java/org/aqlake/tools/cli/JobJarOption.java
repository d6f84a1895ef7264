package org.aqlake.tools.cli;

import org.aqlake.tools.ToolException;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The job jar that a local run submits: the jar deployed to Managed Flink, as the build made it. */
final class JobJarOption {

    /** Set by {@code ./localstack/aq-lake} to {@code job/target/aq-lake-job-<version>.jar}. */
    static final String PROPERTY = "aq.job.jar";

    @Option(names = "--job-jar", paramLabel = "FILE", defaultValue = "${sys:" + PROPERTY + "}",
            description = "The job jar to submit (default: ${DEFAULT-VALUE}, from ./localstack/aq-lake).")
    Path jar;

    Path path() {
        if (jar == null) {
            throw new ToolException("No job jar: pass --job-jar FILE or -D" + PROPERTY + "=FILE");
        }
        return jar;
    }
}
