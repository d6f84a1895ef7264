package org.aqlake.job.iceberg;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the job maintains an Iceberg table ({@link TableMaintenanceGraph}): when, the size small files are
 * rewritten to, which snapshots expire, when an unreferenced file is an orphan, and the lock's database.
 * {@link #off()} when the job does not maintain its tables.
 */
public final class MaintenanceSettings {

    public static final long MIN_TARGET_FILE_BYTES = 1L << 20;
    public static final Duration MIN_PAUSE = Duration.ofSeconds(1);
    /** Below this an orphan could be a data file a slow or retried checkpoint has not committed yet. */
    public static final Duration MIN_ORPHAN_AGE = Duration.ofHours(1);
    /** The least snapshot max age and orphan min age, in checkpoint intervals. */
    public static final int MIN_CHECKPOINT_INTERVALS = 10;

    final int commits;
    final Duration interval;
    final Duration minPause;
    final long targetFileBytes;
    final Duration snapshotMaxAge;
    final int snapshotRetainLast;
    final Duration orphanMinAge;
    final Duration orphanInterval;
    final String lockJdbcUri;

    private MaintenanceSettings(Builder b) {
        commits = b.commits;
        interval = b.interval;
        minPause = b.minPause;
        targetFileBytes = b.targetFileBytes;
        snapshotMaxAge = b.snapshotMaxAge;
        snapshotRetainLast = b.snapshotRetainLast;
        orphanMinAge = b.orphanMinAge;
        orphanInterval = b.orphanInterval;
        lockJdbcUri = b.lockJdbcUri;
    }

    /** The job leaves its tables unmaintained. */
    public static Optional<MaintenanceSettings> off() {
        return Optional.empty();
    }

    public static Builder builder(String lockJdbcUri, Duration checkpointInterval) {
        return new Builder(lockJdbcUri, checkpointInterval);
    }

    public int commits() {
        return commits;
    }

    public Duration interval() {
        return interval;
    }

    public Duration minPause() {
        return minPause;
    }

    public long targetFileBytes() {
        return targetFileBytes;
    }

    public Duration snapshotMaxAge() {
        return snapshotMaxAge;
    }

    public int snapshotRetainLast() {
        return snapshotRetainLast;
    }

    public Duration orphanMinAge() {
        return orphanMinAge;
    }

    public Duration orphanInterval() {
        return orphanInterval;
    }

    public String lockJdbcUri() {
        return lockJdbcUri;
    }

    @Override
    public String toString() {
        return "maintenance{after " + commits + " commits or " + interval + ", at most every " + minPause
                + ", files to " + targetFileBytes + " bytes, snapshots older than " + snapshotMaxAge + " but the last "
                + snapshotRetainLast + ", orphans older than " + orphanMinAge + " every " + orphanInterval + "}";
    }

    /** Iceberg's defaults but for the lock; {@link #build()} checks the settings and names the bad one. */
    public static final class Builder {
        private final String lockJdbcUri;
        private final Duration checkpointInterval;
        private int commits = 20;
        private Duration interval = Duration.ofHours(1);
        private Duration minPause = Duration.ofMinutes(1);
        private long targetFileBytes = 128L << 20;
        private Duration snapshotMaxAge = Duration.ofDays(1);
        private int snapshotRetainLast = 10;
        private Duration orphanMinAge = Duration.ofDays(3);
        private Duration orphanInterval = Duration.ofDays(1);

        private Builder(String lockJdbcUri, Duration checkpointInterval) {
            this.lockJdbcUri = Objects.requireNonNull(lockJdbcUri, "lockJdbcUri");
            this.checkpointInterval = Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        }

        public Builder schedule(int newCommits, Duration newInterval, Duration newMinPause) {
            this.commits = newCommits;
            this.interval = Objects.requireNonNull(newInterval, "interval");
            this.minPause = Objects.requireNonNull(newMinPause, "minPause");
            return this;
        }

        public Builder targetFileBytes(long bytes) {
            this.targetFileBytes = bytes;
            return this;
        }

        public Builder snapshots(Duration maxAge, int retainLast) {
            this.snapshotMaxAge = Objects.requireNonNull(maxAge, "maxAge");
            this.snapshotRetainLast = retainLast;
            return this;
        }

        public Builder orphans(Duration minAge, Duration newInterval) {
            this.orphanMinAge = Objects.requireNonNull(minAge, "minAge");
            this.orphanInterval = Objects.requireNonNull(newInterval, "interval");
            return this;
        }

        /** @throws IllegalArgumentException starting with the setting that is wrong and a colon */
        public MaintenanceSettings build() {
            Duration checkpoints = checkpointInterval.multipliedBy(MIN_CHECKPOINT_INTERVALS);
            check(commits >= 1, "commits: must be at least 1");
            check(!interval.isNegative() && !interval.isZero(), "interval: must be positive");
            check(minPause.compareTo(MIN_PAUSE) >= 0, "min-pause: must be at least " + MIN_PAUSE);
            check(targetFileBytes >= MIN_TARGET_FILE_BYTES, "target-file-size: must be at least 1 MB");
            check(snapshotRetainLast >= 1, "snapshot-retain-last: must be at least 1");
            check(snapshotMaxAge.compareTo(checkpoints) >= 0, "snapshot-max-age: must be at least "
                    + MIN_CHECKPOINT_INTERVALS + " checkpoint intervals (" + checkpoints + "), so that a restart"
                    + " finds the snapshot that recorded its last checkpoint");
            check(orphanMinAge.compareTo(MIN_ORPHAN_AGE) >= 0 && orphanMinAge.compareTo(checkpoints) >= 0,
                    "orphan-min-age: must be at least " + MIN_ORPHAN_AGE + " and " + MIN_CHECKPOINT_INTERVALS
                            + " checkpoint intervals (" + checkpoints + "): a data file stays unreferenced until"
                            + " the checkpoint that wrote it commits");
            check(!orphanInterval.isNegative() && !orphanInterval.isZero(), "orphan-interval: must be positive");
            check(lockJdbcUri.startsWith("jdbc:"), "lock-jdbc-uri: not a jdbc: URL (not printed: it may hold a password)");
            return new MaintenanceSettings(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
