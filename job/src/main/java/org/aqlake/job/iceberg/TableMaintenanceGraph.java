package org.aqlake.job.iceberg;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.maintenance.api.DeleteOrphanFiles;
import org.apache.iceberg.flink.maintenance.api.ExpireSnapshots;
import org.apache.iceberg.flink.maintenance.api.JdbcLockFactory;
import org.apache.iceberg.flink.maintenance.api.RewriteDataFiles;
import org.apache.iceberg.flink.maintenance.api.TableMaintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Adds the maintenance of one Iceberg table to the job's graph, with Iceberg's Flink {@link TableMaintenance}:
 * a source that watches the table's commits, and on its schedule a rewrite of small files into files of the
 * target size, the expiry of old snapshots, and the removal of orphan files. Each is one Iceberg commit (or
 * file deletions of files no snapshot references), so a reader sees the rows of a rewritten file either in
 * the old files or in the new one, never both. A JDBC lock keeps two runs off the table.
 *
 * <p>The graph is not connected to the pipeline's: a failure in it restarts only it, from its last checkpoint.
 */
public final class TableMaintenanceGraph {

    /** Operator names and uids are Iceberg's, followed by this and the uid prefix. */
    public static final String UID_SEPARATOR = "@";
    public static final String REWRITE = "/rewrite";
    public static final String EXPIRE = "/expire";
    public static final String ORPHANS = "/orphans";

    private TableMaintenanceGraph() {}

    /**
     * @param table the table, which must exist
     * @param uidPrefix names this table's maintenance operators' uids; one per table, never changed
     */
    public static void attach(StreamExecutionEnvironment env, TableLoader table, String uidPrefix,
                              MaintenanceSettings settings) {
        String suffix = UID_SEPARATOR + uidPrefix;
        JdbcLockFactory lock = new JdbcLockFactory(settings.lockJdbcUri, lockId(table),
                Map.of(JdbcLockFactory.INIT_LOCK_TABLES_PROPERTY, "true"));
        try {
            TableMaintenance.forTable(env, table, lock)
                    .uidSuffix(suffix)
                    .rateLimit(settings.minPause)
                    .lockCheckDelay(settings.minPause)
                    .parallelism(1)
                    .add(RewriteDataFiles.builder()
                            .uidSuffix(suffix + REWRITE)
                            .scheduleOnCommitCount(settings.commits)
                            .scheduleOnInterval(settings.interval)
                            .targetFileSizeBytes(settings.targetFileBytes)
                            // a partial commit per group of files, so that a busy table's rewrite makes progress
                            .partialProgressEnabled(true))
                    .add(ExpireSnapshots.builder()
                            .uidSuffix(suffix + EXPIRE)
                            .scheduleOnCommitCount(settings.commits)
                            .scheduleOnInterval(settings.interval)
                            .maxSnapshotAge(settings.snapshotMaxAge)
                            .retainLast(settings.snapshotRetainLast))
                    .add(DeleteOrphanFiles.builder()
                            .uidSuffix(suffix + ORPHANS)
                            .scheduleOnInterval(settings.orphanInterval)
                            .minAge(settings.orphanMinAge))
                    .append();
        } catch (IOException e) {
            throw new UncheckedIOException("the maintenance of " + uidPrefix + " could not load its table", e);
        }
    }

    /** The table's full name (catalog, database, table): unique among the tables sharing the lock's database. */
    private static String lockId(TableLoader table) {
        try (TableLoader loader = table.clone()) {
            loader.open();
            return loader.loadTable().name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
