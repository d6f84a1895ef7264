package org.aqlake.job.decode;

import org.aqlake.job.model.ErrorType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/** Payload-level concerns before JSON: transparent gzip. */
public final class Payloads {

    /**
     * A Kinesis record is at most 1 MiB; a reading is a few hundred bytes. Anything that inflates past
     * this is a gzip bomb or not a reading, and must not take the task manager's heap with it.
     */
    public static final int MAX_INFLATED_BYTES = 4 * 1024 * 1024;

    private Payloads() {}

    public static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    /** The payload itself, or its inflated content when it carries the gzip magic number. */
    public static byte[] inflateIfGzip(byte[] data) throws InvalidRecordException {
        if (!isGzip(data)) {
            return data;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(512, data.length * 4));
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    String bomb = "gzip payload inflates beyond " + MAX_INFLATED_BYTES + " bytes";
                    throw new InvalidRecordException(ErrorType.DECOMPRESSION_FAILED, null, bomb, bomb);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new InvalidRecordException(ErrorType.DECOMPRESSION_FAILED, null,
                    "gzip payload cannot be inflated: " + e.getMessage(), "gzip payload cannot be inflated");
        }
    }
}
