package org.aqlake.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.aqlake.tools.produce.CsvLinesReplay;
import org.aqlake.tools.produce.KinesisSender;
import org.aqlake.tools.produce.LimitedSource;
import org.aqlake.tools.produce.Producer;
import org.aqlake.tools.produce.ProducerStats;
import org.aqlake.tools.produce.RecordSource;
import org.aqlake.tools.produce.ReplayFile;
import org.aqlake.tools.produce.SyntheticReadings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends readings to a Kinesis stream: synthetic ones that look like a real OpenAQ feed, or the records
 * of a file. Credentials come from the usual AWS chain (environment variables, profile, role); the local
 * stack's scripts set the emulator's dummy keys in the environment.
 */
@Command(mixinStandardHelpOptions = true,
        name = "produce",
        description = {
            "Sends synthetic OpenAQ readings, or replays a file, to a Kinesis stream.",
            "Examples: produce --endpoint http://127.0.0.1:4567 --rate 50",
            "          produce --endpoint http://127.0.0.1:4567 --replay readings.ndjson.gz --report sent.json"
        })
final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--stream", paramLabel = "NAME", defaultValue = "aq-readings",
            description = "Kinesis stream (default: ${DEFAULT-VALUE}).")
    String stream;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Kinesis endpoint, for an emulator; default: $AWS_ENDPOINT_URL_KINESIS, $AWS_ENDPOINT_URL,"
                    + " else AWS itself.")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: $AWS_REGION, else us-east-1).")
    String region;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Replay this file instead of synthetic readings: OpenAQ NDJSON or daily CSV (with or"
                    + " without header), gzipped or not.")
    Path replay;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "AUTO",
            description = "Format of the replayed file: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, from"
                    + " the file name or its first byte).")
    ReplayFile.Format format;

    @Option(names = "--lines-per-record", paramLabel = "N", defaultValue = "" + ReplayFile.DEFAULT_LINES_PER_RECORD,
            description = "With --format CSV_LINES: CSV lines a record holds at most (default: ${DEFAULT-VALUE}).")
    int linesPerRecord;

    @Option(names = "--csv-header", paramLabel = "WHICH", defaultValue = "AUTO",
            description = "With --format CSV_LINES: whether the first line is a header, repeated in every record:"
                    + " ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: when it does not start with a digit).")
    CsvLinesReplay.Header csvHeader;

    @Option(names = "--count", paramLabel = "N", defaultValue = "-1",
            description = "Stop after N records (default: synthetic readings never end; a replay ends with its file).")
    long count;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "100",
            description = "Records a second at most; 0 for no limit (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--bad-fraction", paramLabel = "F", defaultValue = "0.02",
            description = "Fraction of synthetic records spoiled on purpose, to exercise the dead letters"
                    + " (default: ${DEFAULT-VALUE}).")
    double badFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the synthetic values (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", paramLabel = "INSTANT",
            description = "Simulated clock for synthetic readings, from this UTC instant (for example"
                    + " 2024-05-01T00:00:00Z); default: the wall clock.")
    Instant start;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "With --start: how far the clock moves after each round of all stations"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "" + KinesisSender.DEFAULT_MAX_ATTEMPTS,
            description = "PutRecords attempts for a record before giving up, with a back-off from 250 ms to 10 s"
                    + " (default: ${DEFAULT-VALUE}: over a minute).")
    int maxAttempts;

    @Option(names = "--linger", paramLabel = "DURATION", defaultValue = "200ms", converter = DurationConverter.class,
            description = "Longest a record waits for its batch to fill (default: ${DEFAULT-VALUE}).")
    Duration linger;

    @Option(names = "--progress-every", paramLabel = "DURATION", defaultValue = "2s",
            converter = DurationConverter.class,
            description = "How often the progress line is printed (default: ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Option(names = "--report", paramLabel = "FILE",
            description = "At the end, write what was sent as JSON (records_sent, records_failed, ...).")
    Path report;

    /** The CSV-lines replay, for its rows in the report; empty for any other source. */
    private Optional<CsvLinesReplay> csvLines = Optional.empty();

    @Override
    public Integer call() throws Exception {
        validate();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        // Ctrl-C or SIGTERM ends the loop; the JVM waits until what was queued is sent and reported
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                finished.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "produce-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (RecordSource source = source();
                KinesisClient kinesis = client()) {
            out.println("produce: " + source.describe() + " -> stream '" + stream + "'"
                    + (endpoint() == null ? "" : " at " + endpoint()) + (rate > 0 ? ", at most " + fmt(rate) + "/s" : ""));
            ProducerStats stats = new ProducerStats();
            KinesisSender sender = new KinesisSender(kinesis::putRecords, stream, maxAttempts,
                    KinesisSender.defaultBackoff(), stats);
            try {
                new Producer(source, sender, rate, stats, linger, progressEvery, out)
                        .run(() -> stopRequested.getCount() == 0);
            } finally {
                out.println("produce: done: " + stats.line()
                        + String.format(Locale.ROOT, " in %.1f s", stats.seconds()));
                if (report != null) {
                    writeReport(stats);
                }
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and has just been released
            }
        }
        return 0;
    }

    private void validate() {
        if (badFraction < 0 || badFraction > 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--bad-fraction': " + badFraction + " is not between 0 and 1");
        }
        if (rate < 0 || Double.isNaN(rate)) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--rate': " + fmt(rate) + " must be 0 (no limit) or more");
        }
        if (maxAttempts < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--max-attempts': " + maxAttempts + " must be at least 1");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--interval': " + interval + " must be positive");
        }
        if (replay != null && (start != null || spec.commandLine().getParseResult().hasMatchedOption("--bad-fraction"))) {
            throw new ParameterException(spec.commandLine(),
                    "--start and --bad-fraction apply to synthetic readings, not to --replay");
        }
        if (replay == null && format != ReplayFile.Format.AUTO) {
            throw new ParameterException(spec.commandLine(), "--format applies to --replay only");
        }
        boolean csvLinesOption = spec.commandLine().getParseResult().hasMatchedOption("--lines-per-record")
                || spec.commandLine().getParseResult().hasMatchedOption("--csv-header");
        if (csvLinesOption && format != ReplayFile.Format.CSV_LINES) {
            throw new ParameterException(spec.commandLine(),
                    "--lines-per-record and --csv-header apply to --format CSV_LINES only");
        }
        if (linesPerRecord < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--lines-per-record': " + linesPerRecord + " must be at least 1");
        }
    }

    private RecordSource source() throws java.io.IOException {
        if (replay == null) {
            return new SyntheticReadings(seed, badFraction, count, Clock.systemUTC(), start, interval);
        }
        RecordSource file = ReplayFile.open(replay, format, linesPerRecord, csvHeader);
        if (file instanceof CsvLinesReplay) {
            csvLines = Optional.of((CsvLinesReplay) file);
        }
        return count < 0 ? file : new LimitedSource(file, count);
    }

    private KinesisClient client() {
        KinesisClientBuilder b = KinesisClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.create())
                .region(Region.of(region()));
        URI e = endpoint();
        if (e != null) {
            b.endpointOverride(e);
        }
        return b.build();
    }

    private URI endpoint() {
        if (endpoint != null) {
            return endpoint;
        }
        String env = System.getenv("AWS_ENDPOINT_URL_KINESIS");
        if (env == null || env.isBlank()) {
            env = System.getenv("AWS_ENDPOINT_URL");
        }
        return env == null || env.isBlank() ? null : URI.create(env.trim());
    }

    private String region() {
        if (region != null) {
            return region;
        }
        String env = System.getenv("AWS_REGION");
        return env == null || env.isBlank() ? "us-east-1" : env.trim();
    }

    private void writeReport(ProducerStats stats) throws java.io.IOException {
        ObjectNode r = new ObjectMapper().createObjectNode();
        r.put("stream", stream);
        r.put("source", replay == null ? "synthetic" : replay.toAbsolutePath().toString());
        r.put("records_sent", stats.sent());
        r.put("records_failed", stats.failed());
        r.put("records_skipped", stats.skipped());
        r.put("records_retried", stats.retried());
        r.put("seconds", Math.round(stats.seconds() * 10) / 10.0);
        csvLines.ifPresent(c -> {
            // what a CSV pipeline must account for: every row is a typed row or a dead letter
            r.put("csv_rows_sent", c.rows());
            r.put("csv_header", c.hasHeader());
        });
        Path parent = report.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(report, r.toPrettyString() + "\n");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
