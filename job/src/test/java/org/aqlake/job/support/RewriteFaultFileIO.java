package org.aqlake.job.support;

import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Iceberg's Hadoop file IO, which fails the first data file Iceberg's table maintenance rewrites: once the
 * file is written and closed, its task fails with an {@link InjectedFault}, an {@link Error} (Iceberg's
 * rewrite catches exceptions and carries on) that fails the task, which Flink restarts from its last
 * checkpoint. The file is left behind, complete and referenced by no snapshot. Set as a catalog's
 * {@code io-impl}.
 */
public class RewriteFaultFileIO extends HadoopFileIO {

    private static final long serialVersionUID = 1L;
    private static final String REWRITE_RUNNER =
            "org.apache.iceberg.flink.maintenance.operator.DataFileRewriteRunner";

    public static final AtomicInteger FAILURES = new AtomicInteger();
    public static final AtomicLong FAILED_AT = new AtomicLong(Long.MAX_VALUE);
    /** The location of the file the failed rewrite wrote. */
    public static final AtomicReference<String> LEFT_BEHIND = new AtomicReference<>();

    /** Thrown once, from the rewrite. */
    public static final class InjectedFault extends Error {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }

    @Override
    public OutputFile newOutputFile(String path) {
        OutputFile file = super.newOutputFile(path);
        boolean rewrite = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals(REWRITE_RUNNER)));
        return rewrite && FAILURES.get() == 0 ? new FailingOnClose(file) : file;
    }

    private static final class FailingOnClose implements OutputFile {
        private final OutputFile file;

        FailingOnClose(OutputFile file) {
            this.file = file;
        }

        @Override
        public PositionOutputStream create() {
            return new Stream(file.create(), file.location());
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return new Stream(file.createOrOverwrite(), file.location());
        }

        @Override
        public String location() {
            return file.location();
        }

        @Override
        public InputFile toInputFile() {
            return file.toInputFile();
        }
    }

    private static final class Stream extends PositionOutputStream {
        private final PositionOutputStream out;
        private final String location;

        Stream(PositionOutputStream out, String location) {
            this.out = out;
            this.location = location;
        }

        @Override
        public long getPos() throws IOException {
            return out.getPos();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
            if (FAILURES.compareAndSet(0, 1)) {
                FAILED_AT.set(System.currentTimeMillis());
                LEFT_BEHIND.set(location);
                throw new InjectedFault("injected: the rewrite fails after writing " + location);
            }
        }
    }
}
