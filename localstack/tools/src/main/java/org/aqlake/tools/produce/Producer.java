package org.aqlake.tools.produce;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The producer's loop: take a record, wait for the rate, queue it, and print progress now and then. */
public final class Producer {

    private final RecordSource source;
    private final KinesisSender sender;
    private final RateLimiter limiter;
    private final ProducerStats stats;
    private final Duration linger;
    private final Duration progressInterval;
    private final PrintStream progress;

    public Producer(RecordSource source, KinesisSender sender, double ratePerSecond, ProducerStats stats,
            Duration linger, Duration progressInterval, PrintStream progress) {
        this.source = source;
        this.sender = sender;
        this.limiter = new RateLimiter(ratePerSecond);
        this.stats = stats;
        this.linger = linger;
        this.progressInterval = progressInterval;
        this.progress = progress;
    }

    /** Sends until the source ends or {@code stop} says so; what was queued is always sent. */
    public void run(BooleanSupplier stop) throws InterruptedException {
        long nextProgress = System.nanoTime() + progressInterval.toNanos();
        try {
            while (!stop.getAsBoolean() && source.hasNext()) {
                limiter.acquire();
                sender.add(source.next());
                sender.flushIfOlderThan(linger);
                if (System.nanoTime() >= nextProgress) {
                    progress.println("produce: " + stats.line());
                    nextProgress = System.nanoTime() + progressInterval.toNanos();
                }
            }
        } finally {
            sender.flush();
        }
    }
}
