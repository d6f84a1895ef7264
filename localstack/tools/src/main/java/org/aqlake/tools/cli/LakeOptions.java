package org.aqlake.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.tools.ToolException;
import org.aqlake.tools.local.LakeConfig;
import org.aqlake.tools.local.LakeFolders;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Options shared by the tools that look at a local lake: where it is, and how many records were sent. */
final class LakeOptions {

    static final String RECORDS_SENT = "records_sent";
    static final String CSV_ROWS_SENT = "csv_rows_sent";

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/local.json",
            description = "The job's config file, for the lake paths (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--s3-dir", paramLabel = "DIR", defaultValue = "localstack/.data/s3",
            description = "The local S3Proxy's store, one folder per bucket (default: ${DEFAULT-VALUE}).")
    Path s3Dir;

    @Option(names = "--sent-report", paramLabel = "FILE", required = true,
            description = "The producer's --report: how many records were sent.")
    Path sentReport;

    @Option(names = "--pipeline-lake", paramLabel = "DIR",
            description = "A streaming SQL pipeline's lake folder (its $${lake}, one folder per table) instead of the"
                    + " job's tables: every CSV row sent (the producer's csv_rows_sent) must be a row of one table.")
    Path pipelineLake;

    @Option(names = "--pipeline-table", paramLabel = "NAME",
            description = "With --pipeline-lake: a table the recipe writes (a folder of the lake), listed with 0"
                    + " rows while it has no committed file; repeat for each.")
    List<String> pipelineTables = List.of();

    Optional<Path> pipelineLake() {
        return Optional.ofNullable(pipelineLake);
    }

    @Option(names = "--without-raw-archive",
            description = "Count as if the raw archive were off, whatever the config says: a backfill writes none.")
    boolean withoutRawArchive;

    enum Format { PARQUET, ICEBERG }

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "The job's lake.format, whatever the config says: PARQUET (folders) or ICEBERG (tables of"
                    + " the --iceberg-catalog-uri catalog, each counted from its current snapshot).")
    Format format;

    @Option(names = "--iceberg-catalog-uri", paramLabel = "URL",
            description = "The Iceberg JDBC catalog's database (the job's iceberg.jdbc-uri), whatever the config says.")
    String icebergCatalogUri;

    @Option(names = "--iceberg-warehouse", paramLabel = "URI",
            description = "The Iceberg warehouse (the job's iceberg.warehouse), whatever the config says.")
    String icebergWarehouse;

    LakeFolders folders() {
        if (!Files.isRegularFile(config)) {
            throw new ToolException("Config file " + config + " (--config) does not exist");
        }
        Map<String, String> flat = new LinkedHashMap<>(LakeConfig.read(config));
        // the keys ./localstack/run passes to the job on its command line rather than in the file
        if (format != null) {
            flat.put("lake.format", format.name());
        }
        if (icebergCatalogUri != null) {
            flat.put("iceberg.jdbc-uri", icebergCatalogUri);
        }
        if (icebergWarehouse != null) {
            flat.put("iceberg.warehouse", icebergWarehouse);
        }
        LakeFolders f = LakeConfig.folders(flat, s3Dir);
        return withoutRawArchive ? new LakeFolders(f.readings, f.errors, null, f.aggregates).withIceberg(f.iceberg) : f;
    }

    long recordsSent() {
        return sent(RECORDS_SENT);
    }

    /** The CSV rows a {@code --format CSV_LINES} replay sent, header lines not counted. */
    long csvRowsSent() {
        return sent(CSV_ROWS_SENT);
    }

    private long sent(String field) {
        JsonNode sent;
        try {
            sent = new ObjectMapper().readTree(sentReport.toFile()).path(field);
        } catch (IOException e) {
            throw new ToolException("Cannot read the producer's report " + sentReport + " (--sent-report): "
                    + e.getMessage(), e);
        }
        if (!sent.canConvertToLong()) {
            throw new ToolException("The producer's report " + sentReport + " (--sent-report) has no " + field);
        }
        return sent.asLong();
    }
}
