package org.aqlake.job.dedup;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;

import org.aqlake.job.model.KinesisRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What makes two Kinesis records the same record: their partition key and their payload bytes, as a
 * 128-bit digest (MD5, in every JDK). 128 bits keep the chance that two distinct records in one horizon
 * collide negligible (about n²/2^129: below 10^-22 for 10^8 records), where 64 bits would not (about
 * 10^-4 at that volume). The digest only guards against accidents; a producer able to craft collisions can
 * drop only its own records, as the partition key is part of what is hashed.
 */
public final class RecordIdentity implements KeySelector<KinesisRecord, Tuple2<Long, Long>> {

    private static final long serialVersionUID = 1L;

    public static final TypeInformation<Tuple2<Long, Long>> TYPE = Types.TUPLE(Types.LONG, Types.LONG);

    /** One digest per thread: MessageDigest is not thread-safe, and creating one per record costs more than hashing. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides MD5", e);
        }
    });

    @Override
    public Tuple2<Long, Long> getKey(KinesisRecord record) {
        return of(record.partitionKey, record.data);
    }

    public static Tuple2<Long, Long> of(String partitionKey, byte[] payload) {
        MessageDigest md = MD5.get();
        byte[] key = partitionKey == null ? new byte[0] : partitionKey.getBytes(StandardCharsets.UTF_8);
        // the key's length first, so that key "ab" + payload "c" differs from key "a" + payload "bc"
        int n = key.length;
        md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        md.update(key);
        if (payload != null) {
            md.update(payload);
        }
        byte[] d = md.digest();
        return Tuple2.of(toLong(d, 0), toLong(d, 8));
    }

    private static long toLong(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
