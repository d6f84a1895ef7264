package org.aqlake.tools.produce;

import org.aqlake.tools.ToolException;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryPolicyContext;
import software.amazon.awssdk.core.retry.backoff.BackoffStrategy;
import software.amazon.awssdk.core.retry.backoff.EqualJitterBackoffStrategy;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends records with PutRecords in batches. PutRecords is not all-or-nothing: some entries of a batch can
 * fail (throttling, an internal error) while the others are stored, so only the failed entries are sent
 * again, after a jittered exponential back-off, up to a bound of attempts; then it gives up with an error
 * that says how many records were not sent and why. Failures of the whole call (connection refused, 5xx)
 * are retried by the SDK client first, then count as an attempt here.
 */
public final class KinesisSender {

    /**
     * With {@link #defaultBackoff()}, 19 waits of at least 125 ms, 250 ms, ... then 5 s each: at least 70 s
     * before a record is given up on, so a Kinesis endpoint away for a minute costs time, not records. A
     * retry after a timeout may put a record in twice; the job drops such copies.
     */
    public static final int DEFAULT_MAX_ATTEMPTS = 20;
    static final Duration BASE_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /**
     * Exponential from {@link #BASE_BACKOFF} up to {@link #MAX_BACKOFF}, with equal jitter (each wait is at
     * least half its step), so that producers retrying together spread out yet each still waits long
     * enough to outlast an outage.
     */
    public static BackoffStrategy defaultBackoff() {
        return EqualJitterBackoffStrategy.builder().baseDelay(BASE_BACKOFF).maxBackoffTime(MAX_BACKOFF).build();
    }

    /** The PutRecords call: the SDK client in production, a stand-in in unit tests of the retry logic. */
    @FunctionalInterface
    public interface PutRecords {
        PutRecordsResponse putRecords(PutRecordsRequest request);
    }

    /** Waits out a back-off; tests pass one that does not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final PutRecords api;
    private final String stream;
    private final int maxAttempts;
    private final BackoffStrategy backoff;
    private final ProducerStats stats;
    private final Sleeper sleeper;
    private final PutRecordsBatch batch = new PutRecordsBatch();

    public KinesisSender(PutRecords api, String stream, int maxAttempts, BackoffStrategy backoff, ProducerStats stats) {
        this(api, stream, maxAttempts, backoff, stats, d -> Thread.sleep(d.toMillis()));
    }

    KinesisSender(PutRecords api, String stream, int maxAttempts, BackoffStrategy backoff, ProducerStats stats,
            Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.api = api;
        this.stream = stream;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.stats = stats;
        this.sleeper = sleeper;
    }

    /** Queues a record; sends the batch first when the record would not fit in it. */
    public void add(ProducerRecord r) throws InterruptedException {
        if (r.size() > PutRecordsBatch.MAX_RECORD_BYTES) {
            // Kinesis refuses it whatever we do: say so and go on with the rest
            stats.skipped(1);
            System.err.printf("produce: skipped a record of %d bytes for '%s': Kinesis takes at most 1 MiB a record%n",
                    r.data.length, r.partitionKey);
            return;
        }
        if (!batch.fits(r)) {
            flush();
        }
        batch.add(r, System.nanoTime());
    }

    /** Sends the batch when its oldest record has waited this long, so a slow producer still delivers. */
    public void flushIfOlderThan(Duration linger) throws InterruptedException {
        if (batch.ageNanos(System.nanoTime()) >= linger.toNanos()) {
            flush();
        }
    }

    public void flush() throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        send(batch.drain());
    }

    private void send(List<PutRecordsRequestEntry> entries) throws InterruptedException {
        List<PutRecordsRequestEntry> pending = entries;
        for (int attempt = 1; ; attempt++) {
            String lastError;
            List<PutRecordsRequestEntry> failed;
            try {
                PutRecordsResponse response = api.putRecords(
                        PutRecordsRequest.builder().streamName(stream).records(pending).build());
                failed = failedEntries(pending, response.records());
                lastError = failed.isEmpty() ? null : firstError(response.records());
            } catch (ResourceNotFoundException e) {
                throw new ToolException("Stream '" + stream + "' does not exist (" + e.awsErrorDetails().errorMessage()
                        + "); create it first (localstack/init-aws.sh does)", e);
            } catch (SdkException e) {
                failed = pending;
                lastError = e.getMessage();
            }
            stats.sent(pending.size() - failed.size());
            if (failed.isEmpty()) {
                return;
            }
            if (attempt >= maxAttempts) {
                stats.failed(failed.size());
                throw new ToolException("Giving up: " + failed.size() + " of " + entries.size()
                        + " records of a PutRecords batch to '" + stream + "' still failed after " + attempt
                        + " attempts (last error: " + lastError + ")");
            }
            stats.retried(failed.size());
            sleeper.sleep(backoff.computeDelayBeforeNextRetry(
                    RetryPolicyContext.builder().retriesAttempted(attempt - 1).build()));
            pending = failed;
        }
    }

    private static List<PutRecordsRequestEntry> failedEntries(List<PutRecordsRequestEntry> sent,
            List<PutRecordsResultEntry> results) {
        if (results.size() != sent.size()) {
            // the API answers entry by entry, in order; anything else means we cannot tell what was stored
            throw new ToolException("PutRecords answered " + results.size() + " results for " + sent.size() + " records");
        }
        List<PutRecordsRequestEntry> failed = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).errorCode() != null) {
                failed.add(sent.get(i));
            }
        }
        return failed;
    }

    private static String firstError(List<PutRecordsResultEntry> results) {
        for (PutRecordsResultEntry r : results) {
            if (r.errorCode() != null) {
                return r.errorCode() + ": " + r.errorMessage();
            }
        }
        return null;
    }
}
