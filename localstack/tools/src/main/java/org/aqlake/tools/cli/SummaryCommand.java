package org.aqlake.tools.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.aqlake.tools.ToolException;
import org.aqlake.tools.local.JobReport;
import org.aqlake.tools.local.LakeSummary;
import org.aqlake.tools.local.PipelineLake;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Counts what the local lake holds, from its files, and compares it with what was sent. Fails when a
 * record is missing or counted twice, after writing the summary anyway, for the post-mortem.
 */
@Command(mixinStandardHelpOptions = true,
        name = "summary",
        description = {
            "Writes a JSON summary of the local lake (rows, dead letters by type, partitions, files, bytes,"
                    + " folders), counted from its files (an Iceberg table from its current snapshot), and checks"
                    + " it against the records sent."
        })
final class SummaryCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the summary here (default: standard output).")
    Path out;

    @Option(names = "--job-report", paramLabel = "FILE",
            description = "The drain's --job-report: adds the job's restarts to the summary.")
    Path jobReport;

    @Override
    public Integer call() throws Exception {
        if (lake.pipelineLake().isPresent()) {
            PipelineLake pipeline = PipelineLake.read(lake.pipelineLake().get(), lake.csvRowsSent(),
                    lake.pipelineTables);
            write(pipeline.toJson(), pipeline.counts());
            if (!pipeline.complete()) {
                throw new ToolException("The lake does not hold every CSV row sent exactly once: " + pipeline.counts());
            }
            return 0;
        }
        LakeSummary summary = LakeSummary.read(lake.folders(), lake.recordsSent());
        write(summary.toJson(), summary.counts());
        if (!summary.complete()) {
            throw new ToolException("The lake does not hold every record sent exactly once: " + summary.counts());
        }
        return 0;
    }

    private void write(ObjectNode o, String counts) throws java.io.IOException {
        if (jobReport != null) {
            long restarts = JobReport.read(jobReport).restarts;
            o.put(JobReport.RESTARTS, restarts);
            if (restarts > 0) {
                System.out.printf("summary: the job restarted %d time%s during the run%n", restarts,
                        restarts == 1 ? "" : "s");
            }
        }
        String json = o.toPrettyString() + "\n";
        if (out == null) {
            System.out.print(json);
        } else {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, json);
            System.out.println("summary: " + counts + "; written to " + out);
        }
    }
}
