package org.aqlake.job;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.TupleSerializerBase;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializerTypeSerializerProxy;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentTriage;
import org.aqlake.job.consent.DecodeConsent;
import org.aqlake.job.consent.HeldReading;
import org.aqlake.job.decode.DecodeReadings;
import org.aqlake.job.aggregate.AggregateReadings;
import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.LocationWindow;
import org.aqlake.job.model.LateReadings;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.PartitionCommitSink;
import org.aqlake.job.sink.PendingPartition;
import org.aqlake.job.source.KinesisRecordSchema;
import org.aqlake.job.support.TestReadings;
import org.aqlake.udfs.consent.ConsentHistory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No Kryo fallback for our records. Kryo is slow, and its state cannot evolve with the classes: a field
 * added to a record serialized by Kryo breaks every savepoint. Our records are Flink POJOs, so the POJO
 * serializer must handle them and every one of their fields, in isolation and in the real job graph.
 */
class NoKryoTest {

    static final long CHECKPOINT_INTERVAL_MILLIS = 10_000L;
    static final long ARRIVAL = TestReadings.BASE_TIME + 3_600_000L;

    /** A record with a field Flink cannot analyse: the negative control that proves the checks can see Kryo. */
    public static class WithGenericField {
        public String name;
        public Object anything;

        public WithGenericField() {}
    }

    // ---------------------------------------------------------------- the record types

    @ParameterizedTest
    @ValueSource(classes = {KinesisRecord.class, Reading.class, DeadLetter.class, Aggregate.class, LocationWindow.class,
        PartialAggregate.class, LateReadings.class, ConsentRecord.class, HeldReading.class, ConsentHistory.class, PendingPartition.class})
    void eachRecordTypeIsAPojoWithoutGenericFields(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);

        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
        assertThat(pojo.getTotalFields()).isPositive();
        for (int i = 0; i < pojo.getArity(); i++) {
            assertThat(pojo.getPojoFieldAt(i).getTypeInformation())
                    .as("%s.%s", type.getSimpleName(), pojo.getPojoFieldAt(i).getField().getName())
                    .isNotInstanceOf(GenericTypeInfo.class);
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {KinesisRecord.class, Reading.class, DeadLetter.class, Aggregate.class, LocationWindow.class,
        PartialAggregate.class, LateReadings.class, ConsentRecord.class, HeldReading.class, ConsentHistory.class, PendingPartition.class})
    void eachRecordTypeGetsAPojoSerializerWithGenericTypesDisabled(Class<?> type) throws IOException {
        // with generic types disabled Flink throws instead of silently creating a Kryo serializer
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);

        TypeSerializer<?> serializer = TypeInformation.of(type).createSerializer(config);

        assertThat(serializer).isInstanceOf(PojoSerializer.class);
        assertNoKryo(serializer, type.getSimpleName());
    }

    @ParameterizedTest
    @ValueSource(classes = {KinesisRecord.class, Reading.class, DeadLetter.class, Aggregate.class, LocationWindow.class,
        PartialAggregate.class, LateReadings.class, ConsentRecord.class, HeldReading.class, ConsentHistory.class, PendingPartition.class})
    void eachRecordTypeGetsAPojoSerializerWithoutKryoUnderTheDefaultConfig(Class<?> type) throws IOException {
        // the job runs with Flink's defaults (generic types allowed), where a fallback would be silent
        TypeSerializer<?> serializer = TypeInformation.of(type).createSerializer(new ExecutionConfig().getSerializerConfig());

        assertThat(serializer).isInstanceOf(PojoSerializer.class);
        assertNoKryo(serializer, type.getSimpleName());
    }

    @Test
    void theChecksDetectAKryoFieldInsideAPojo() {
        TypeInformation<WithGenericField> info = TypeInformation.of(WithGenericField.class);
        TypeSerializer<WithGenericField> serializer = info.createSerializer(new ExecutionConfig().getSerializerConfig());
        SerializerConfigImpl strict = new SerializerConfigImpl();
        strict.setGenericTypes(false);

        assertThat(serializer).isInstanceOf(PojoSerializer.class);
        assertThatThrownBy(() -> assertNoKryo(serializer, "WithGenericField")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> info.createSerializer(strict)).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---------------------------------------------------------------- the job graph

    @Test
    void noOperatorOfTheRealPipelineSerializesThroughKryo(@TempDir Path lake) throws IOException {
        JobConfig cfg = JobConfig.from(Map.of(
                "lake.transformed-path", lake.resolve("transformed").toUri().toString(),
                "lake.raw-archive.enabled", "true",
                "lake.raw-path", lake.resolve("raw").toUri().toString(),
                // both consent sources, built by the real factories (neither touches AWS or the file here)
                "consent.stream", "aq-consent",
                "consent.bootstrap-path", lake.resolve("consent").toUri().toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(CHECKPOINT_INTERVAL_MILLIS); // as AqLakeJob does outside Managed Flink

        // the source's type comes from the real Kinesis schema; the records are only there to fix the type
        KinesisRecord record = new KinesisRecord(TestReadings.utf8("{}"), "aq-readings", "shardId-000000000000",
                "1", "pk", ARRIVAL);
        AqLakePipeline.build(env.fromData(new KinesisRecordSchema().getProducedType(), record), cfg,
                JobSinks.create(cfg));
        StreamGraph graph = env.getStreamGraph();

        List<String> checked = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            for (TypeSerializer<?> in : node.getTypeSerializersIn()) {
                assertNoKryo(in, node.getOperatorName() + " input");
            }
            if (node.getStateKeySerializer() != null) {
                assertNoKryo(node.getStateKeySerializer(), node.getOperatorName() + " state key");
            }
            if (node.getTypeSerializerOut() != null) {
                assertNoKryo(node.getTypeSerializerOut(), node.getOperatorName() + " output");
            }
            for (StreamEdge edge : node.getOutEdges()) {
                if (edge.getOutputTag() != null) {
                    // side outputs are serialized with the tag's type, not the operator's output type
                    assertNoKryo(edge.getOutputTag().getTypeInfo().createSerializer(
                            graph.getExecutionConfig().getSerializerConfig()), node.getOperatorName() + " side output");
                }
            }
            checked.add(node.getOperatorName());
        }

        // the graph really holds the whole pipeline: decode, watermarks, the consent gate, aggregation and the four sinks
        assertThat(String.join(" | ", checked)).contains("Decode and validate", "Event-time watermarks",
                "Readings (Parquet)", "Dead letters", "Raw archive", "Pre-aggregate readings", "Pre-aggregate consented readings", "Aggregate readings", "Aggregates (Parquet)", "Late readings (Parquet)",
                "Decode consent records", "Decode consent bootstrap", "Consent watermarks", "Consent: exempt or gated",
                "Consent gate", "Consent: event time", "Readings (Parquet): " + PartitionCommitSink.NAME,
                "Aggregates (Parquet): " + PartitionCommitSink.NAME);
        assertThat(pojoInputs(graph)).containsExactlyInAnyOrder(KinesisRecord.class, Reading.class, DeadLetter.class,
                PartialAggregate.class, Aggregate.class, LateReadings.class, ConsentRecord.class);
        // the decoder's dead letters, and those of the two readings writers' open partition bounds
        assertThat(sideOutputTags(graph)).containsExactlyInAnyOrder(DecodeReadings.DEAD_LETTERS.getId(),
                DecodeReadings.DEAD_LETTERS.getId(), DecodeReadings.DEAD_LETTERS.getId(),
                DecodeConsent.DEAD_LETTERS.getId(), DecodeConsent.DEAD_LETTERS.getId(),
                ConsentTriage.NEEDS_CONSENT.getId(), AggregateReadings.AFTER_SEAL.getId());
    }

    @Test
    void noOperatorOfTheRepairSerializesThroughKryo(@TempDir Path lake) throws IOException {
        JobConfig cfg = JobConfig.from(Map.of(
                "lake.transformed-path", lake.resolve("transformed").toUri().toString(),
                "repair.enabled", "true",
                "repair.from", "2024-05-01T00:00:00Z",
                "repair.to", "2024-05-02T00:00:00Z"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);

        AqLakeRepair.build(env, cfg, cfg.repair.orElseThrow(), cfg.aggregation.orElseThrow());
        StreamGraph graph = env.getStreamGraph();

        List<String> checked = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            for (TypeSerializer<?> in : node.getTypeSerializersIn()) {
                assertNoKryo(in, node.getOperatorName() + " input");
            }
            if (node.getStateKeySerializer() != null) {
                assertNoKryo(node.getStateKeySerializer(), node.getOperatorName() + " state key");
            }
            if (node.getTypeSerializerOut() != null) {
                assertNoKryo(node.getTypeSerializerOut(), node.getOperatorName() + " output");
            }
            checked.add(node.getOperatorName());
        }
        assertThat(String.join(" | ", checked)).contains("Readings table (Parquet)", "Aggregates table (Parquet)",
                "Recompute closed windows", "Aggregates (Parquet, repaired windows)");
        assertThat(pojoInputs(graph)).containsExactlyInAnyOrder(Reading.class, Aggregate.class);
    }

    @Test
    void theAggregationStateIsAPojoDownToItsAccumulatorsWithoutKryo() throws IOException {
        // the operator's MapState value: a POJO holding an array of POJOs, which Flink serializes field by field
        TypeSerializer<LocationWindow> serializer = TypeInformation.of(LocationWindow.class)
                .createSerializer(new ExecutionConfig().getSerializerConfig());

        assertThat(serializer).isInstanceOf(PojoSerializer.class);
        assertNoKryo(serializer, "LocationWindow");
        assertThat(OperatorUids.AGGREGATE).isEqualTo("aggregate-readings");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Fails when the serializer is Kryo or holds one anywhere inside. Nested serializers are found
     * through the serializer's snapshot, the form that goes into a savepoint: it names the snapshot class
     * of every nested serializer, so a Kryo field of a POJO shows up as a KryoSerializerSnapshot.
     */
    static void assertNoKryo(TypeSerializer<?> serializer, String where) throws IOException {
        assertThat(serializer).as(where).isNotInstanceOf(KryoSerializer.class);
        if (serializer instanceof SimpleVersionedSerializerTypeSerializerProxy) {
            // the FileSink's committables: written by the sink's own hand-made versioned serializer, which
            // nests no TypeSerializer (and has no snapshot: it never goes into operator state this way)
            return;
        }
        if (serializer instanceof TupleSerializerBase) {
            // the committables tagged with their sink: a tuple around the proxy above
            for (TypeSerializer<?> field : ((TupleSerializerBase<?>) serializer).getFieldSerializers()) {
                assertNoKryo(field, where);
            }
            return;
        }
        TypeSerializerSnapshot<?> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        String written = new String(out.getCopyOfBuffer(), StandardCharsets.ISO_8859_1);
        assertThat(written.toLowerCase(Locale.ROOT))
                .as("%s: serializer snapshot %s", where, snapshot.getClass().getName())
                .doesNotContain("kryo");
    }

    /** The record classes that reach some operator through a POJO serializer. */
    private static Set<Class<?>> pojoInputs(StreamGraph graph) {
        Set<Class<?>> types = new HashSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            for (TypeSerializer<?> in : node.getTypeSerializersIn()) {
                if (in instanceof PojoSerializer) {
                    types.add(in.createInstance().getClass());
                }
            }
        }
        return types;
    }

    private static List<String> sideOutputTags(StreamGraph graph) {
        List<String> tags = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            for (StreamEdge edge : node.getOutEdges()) {
                if (edge.getOutputTag() != null) {
                    tags.add(edge.getOutputTag().getId());
                }
            }
        }
        return tags;
    }
}
