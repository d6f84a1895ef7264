package org.aqlake.job.support;

import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.OutputFile;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Iceberg's Hadoop file IO, which holds each data file Iceberg's table maintenance rewrites for
 * {@link #DELAY_MILLIS} before creating it: a rewrite then spans several of the sink's commits, so that
 * commits land between the snapshot it planned from and its own. Set as a catalog's {@code io-impl}.
 */
public class SlowRewriteFileIO extends HadoopFileIO {

    private static final long serialVersionUID = 1L;
    private static final String REWRITE_RUNNER =
            "org.apache.iceberg.flink.maintenance.operator.DataFileRewriteRunner";
    /** More than a checkpoint interval of the tests that use it. */
    public static final long DELAY_MILLIS = 400;

    /** The rewritten files held. */
    public static final AtomicInteger HELD = new AtomicInteger();

    @Override
    public OutputFile newOutputFile(String path) {
        boolean rewrite = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals(REWRITE_RUNNER)));
        if (rewrite) {
            HELD.incrementAndGet();
            try {
                Thread.sleep(DELAY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return super.newOutputFile(path);
    }
}
