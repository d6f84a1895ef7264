package org.aqlake.job.aggregate;

import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

import java.util.stream.Stream;

/**
 * Every aggregation test again on RocksDB, the state backend of Managed Flink: there each state
 * read is a copy, so a change that is not put back would be lost, which the heap backend hides.
 */
class AggregateReadingsOnRocksDbTest extends AggregateReadingsTest {

    @Override
    StateBackend stateBackend() {
        return new EmbeddedRocksDBStateBackend();
    }

    /** The harness cannot count RocksDB entries; the backend lists the keys that still hold state. */
    @Override
    long keyedStateEntries() {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        try (Stream<Object> keys = operator.getKeyedStateBackend()
                .getKeys(AggregateReadings.STATE_NAME, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }
}
