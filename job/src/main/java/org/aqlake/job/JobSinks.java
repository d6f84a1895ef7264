package org.aqlake.job;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.sink.LakeSinks;
import org.aqlake.job.sink.PartitionTime;
import org.aqlake.job.sink.SuccessFiles;
import org.aqlake.job.sink.TableFiles;

import java.time.Duration;
import java.util.Optional;

/** The sinks the configuration names. */
public final class JobSinks {

    private JobSinks() {}

    public static LakeSinks create(JobConfig cfg) {
        return LakeSinks.builder()
                .readings(TableFiles.readings(cfg.readingsPath(), cfg.partitionTemplate, cfg.partitionTime,
                                cfg.compression, cfg.compaction),
                        Optional.of(TableFiles.readings(cfg.readingsPath(), cfg.partitionTemplate, cfg.partitionTime,
                                cfg.compression, TableFiles.CONSENTED_PREFIX, cfg.compaction)),
                        cfg.readingsPath(),
                        // the watermark says nothing about when an arrival-time partition is complete
                        cfg.partitionTime == PartitionTime.EVENT ? successFiles(cfg, cfg.partitionCommitDelay)
                                : SuccessFiles.off())
                .deadLetters(TableFiles.deadLetters(cfg.errorsPath()))
                .rawArchive(cfg.rawPath.map(path -> TableFiles.rawArchive(path, cfg.rawPartitionTemplate)))
                // a window's first rows wait for aggregates.allowed-lateness after its end, and so does its
                // partition's _SUCCESS
                .aggregates(cfg.aggregation.map(rules -> TableFiles.aggregates(cfg.aggregatesPath(),
                                cfg.partitionTemplate, cfg.compression, cfg.compaction)),
                        cfg.aggregatesPath(),
                        cfg.aggregation.map(rules -> successFiles(cfg,
                                cfg.partitionCommitDelay.plusMillis(rules.allowedLatenessMillis)))
                                .orElse(SuccessFiles.off()))
                .aggregatesLate(cfg.aggregation.map(rules -> TableFiles.aggregatesLate(cfg.aggregatesLatePath(),
                        cfg.partitionTemplate, cfg.compression)))
                .build();
    }

    private static SuccessFiles successFiles(JobConfig cfg, Duration delay) {
        return cfg.successFiles
                ? SuccessFiles.after(delay, cfg.partitionTemplate,
                        OperatorUids.PARTITION_COMMIT, OperatorUids.PARTITION_COMMIT_TAG)
                : SuccessFiles.off();
    }
}
