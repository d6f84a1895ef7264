package org.aqlake.job.support;

import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.jdbc.JdbcCatalog;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Iceberg's JDBC catalog, which once, when armed, fails a commit of the armed table after the catalog has
 * recorded it: the snapshot is the table's, but the committer is told its commit state is unknown, as when
 * the connection drops during the commit. The committer's task fails and the job restarts.
 */
public class CommitFailingCatalog extends JdbcCatalog {

    /** The name of the table whose next commit that adds rows fails; empty: none. */
    public static final AtomicReference<String> ARMED = new AtomicReference<>("");
    public static final AtomicInteger FAILURES = new AtomicInteger();
    /** The snapshot the failed commit made current. */
    public static final AtomicLong FAILED_SNAPSHOT = new AtomicLong(-1);

    @Override
    protected TableOperations newTableOps(TableIdentifier id) {
        TableOperations ops = super.newTableOps(id);
        return new TableOperations() {
            @Override
            public TableMetadata current() {
                return ops.current();
            }

            @Override
            public TableMetadata refresh() {
                return ops.refresh();
            }

            @Override
            public void commit(TableMetadata base, TableMetadata metadata) {
                ops.commit(base, metadata);
                String armed = ARMED.get();
                if (id.name().equals(armed) && metadata.currentSnapshot() != null
                        && Long.parseLong(metadata.currentSnapshot().summary().getOrDefault("added-records", "0")) > 0
                        && ARMED.compareAndSet(armed, "")) {
                    FAILURES.incrementAndGet();
                    FAILED_SNAPSHOT.set(metadata.currentSnapshot().snapshotId());
                    throw new CommitStateUnknownException(new IllegalStateException(
                            "Injected: the connection dropped after the catalog recorded the commit of " + id));
                }
            }

            @Override
            public FileIO io() {
                return ops.io();
            }

            @Override
            public EncryptionManager encryption() {
                return ops.encryption();
            }

            @Override
            public String metadataFileLocation(String fileName) {
                return ops.metadataFileLocation(fileName);
            }

            @Override
            public LocationProvider locationProvider() {
                return ops.locationProvider();
            }

            @Override
            public TableOperations temp(TableMetadata uncommittedMetadata) {
                return ops.temp(uncommittedMetadata);
            }

            @Override
            public long newSnapshotId() {
                return ops.newSnapshotId();
            }

            @Override
            public boolean requireStrictCleanup() {
                return ops.requireStrictCleanup();
            }
        };
    }
}
