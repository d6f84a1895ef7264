package org.aqlake.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.TableMaintenanceGraph;
import org.aqlake.job.sink.PartitionCommitSink;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catches an accidental rename of an operator uid, which would orphan that operator's state in every
 * existing savepoint. The expected uids are committed in {@code operator-uids.txt}; the actual ones come
 * from the StreamGraph of the real job (real Kinesis source, real sinks, raw archive on, both consent
 * sources, so that every operator is in the graph).
 */
class OperatorUidsTest {

    static final String EXPECTED_UIDS = "/operator-uids.txt";
    /** How Flink 1.20 names a Sink V2 committer after its writer's uid. */
    static final String COMMITTER_PREFIX = "Sink Committer: ";
    /** How Flink 1.20 prefixes the uid of an operator of a sink's post-commit topology with the sink's. */
    static final String POST_COMMIT_SEPARATOR = ": ";
    /** How Iceberg's FlinkSink names its operators' uids after the prefix it is given. */
    static final String ICEBERG_WRITER = "-writer";
    static final String ICEBERG_COMMITTER = "-committer";
    static final String ICEBERG_DUMMY_SINK = "-dummysink";

    @TempDir
    static Path lake;

    static Set<String> expected;
    /** uid (or null) -> operator name, for every node of the job graph. */
    static Map<String, String> actual;
    static List<String> nodesWithoutUid;
    static StreamGraph graph;

    @BeforeAll
    static void buildTheJobGraph() throws IOException {
        expected = readExpectedUids();
        JobConfig cfg = JobConfig.from(Map.of(
                "kinesis.stream", "aq-readings",
                "kinesis.region", "us-east-1",
                "lake.transformed-path", lake.resolve("transformed").toUri().toString(),
                "lake.raw-archive.enabled", "true",
                "lake.raw-path", lake.resolve("raw").toUri().toString(),
                "consent.stream", "aq-consent",
                "consent.bootstrap-path", lake.resolve("consent").toUri().toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(60_000);
        // the same calls as AqLakeJob.main; building the source contacts nothing
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
        graph = env.getStreamGraph();

        actual = new LinkedHashMap<>();
        nodesWithoutUid = new ArrayList<>();
        addNodes(graph);
        addNodes(icebergGraph());
    }

    static void addNodes(StreamGraph g) {
        for (StreamNode node : g.getStreamNodes()) {
            if (node.getTransformationUID() == null) {
                nodesWithoutUid.add(node.getOperatorName());
            } else {
                actual.put(node.getTransformationUID(), node.getOperatorName());
            }
        }
    }

    /** The same job with lake.format=iceberg: its readings go to the Iceberg sink, in a local JDBC catalog. */
    static StreamGraph icebergGraph() {
        JobConfig cfg = JobConfig.from(Map.of(
                "kinesis.stream", "aq-readings",
                "lake.transformed-path", lake.resolve("transformed").toUri().toString(),
                "consent.stream", "aq-consent",
                "lake.format", "iceberg",
                "iceberg.warehouse", lake.resolve("warehouse").toUri().toString(),
                "iceberg.jdbc-uri", "jdbc:h2:file:" + lake.resolve("catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(60_000);
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
        return env.getStreamGraph();
    }

    static Set<String> readExpectedUids() throws IOException {
        Set<String> uids = new LinkedHashSet<>();
        try (InputStream in = OperatorUidsTest.class.getResourceAsStream(EXPECTED_UIDS)) {
            assertThat(in).as(EXPECTED_UIDS).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.trim();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    // the uid is everything before the first run of two or more spaces (a uid may hold one)
                    uids.add(trimmed.split("\\s{2,}", 2)[0]);
                }
            }
        }
        return uids;
    }

    @Test
    void everyCommittedUidIsStillInTheJobGraph() {
        assertThat(actual.keySet())
                .as("a uid from %s is missing: renamed or removed? Old savepoints hold state under the old uid",
                        EXPECTED_UIDS)
                .containsAll(expected);
    }

    @Test
    void everyUidOfTheJobGraphIsCommittedSoThatItsRenameWouldBeCaughtToo() {
        Set<String> unlisted = new TreeSet<>(actual.keySet());
        unlisted.removeAll(expected);

        assertThat(unlisted).as("uids of the job graph that %s does not list: add them", EXPECTED_UIDS).isEmpty();
    }

    @Test
    void everyOperatorOfTheJobGraphHasAUid() {
        // without one, Flink derives an id from the graph's shape: adding any operator upstream changes it
        assertThat(nodesWithoutUid).isEmpty();
    }

    @Test
    void theUidsAreTheConstantsTheCodeUses() {
        List<String> uids = new ArrayList<>(List.of(
                OperatorUids.SOURCE,
                OperatorUids.DEDUP,
                OperatorUids.DECODE,
                OperatorUids.WATERMARKS,
                OperatorUids.READINGS_SINK,
                OperatorUids.CONSENTED_READINGS_SINK,
                OperatorUids.DEAD_LETTERS_SINK,
                OperatorUids.RAW_ARCHIVE_SINK,
                OperatorUids.PRE_AGGREGATE.get(0),
                OperatorUids.PRE_AGGREGATE.get(1),
                OperatorUids.AGGREGATE,
                OperatorUids.AGGREGATES_SINK,
                OperatorUids.AGGREGATES_LATE_SINK,
                OperatorUids.CONSENT_SOURCE,
                OperatorUids.CONSENT_BOOTSTRAP_SOURCE,
                OperatorUids.CONSENT_DECODE,
                OperatorUids.CONSENT_WATERMARKS,
                OperatorUids.CONSENT_DECODE_BOOTSTRAP,
                OperatorUids.CONSENT_TRIAGE,
                OperatorUids.CONSENT_GATE,
                OperatorUids.CONSENT_EVENT_TIME,
                COMMITTER_PREFIX + OperatorUids.READINGS_SINK,
                COMMITTER_PREFIX + OperatorUids.CONSENTED_READINGS_SINK,
                COMMITTER_PREFIX + OperatorUids.DEAD_LETTERS_SINK,
                COMMITTER_PREFIX + OperatorUids.RAW_ARCHIVE_SINK,
                COMMITTER_PREFIX + OperatorUids.AGGREGATES_SINK,
                COMMITTER_PREFIX + OperatorUids.AGGREGATES_LATE_SINK,
                OperatorUids.READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.PARTITION_COMMIT,
                OperatorUids.AGGREGATES_SINK + POST_COMMIT_SEPARATOR + OperatorUids.PARTITION_COMMIT,
                OperatorUids.READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.PARTITION_COMMIT_TAG,
                OperatorUids.CONSENTED_READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.PARTITION_COMMIT_TAG,
                OperatorUids.AGGREGATES_SINK + POST_COMMIT_SEPARATOR + OperatorUids.PARTITION_COMMIT_TAG,
                OperatorUids.PARTITION_BOUND,
                OperatorUids.CONSENTED_PARTITION_BOUND,
                OperatorUids.READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.COMPACT_COORDINATOR,
                OperatorUids.READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.COMPACTOR,
                OperatorUids.CONSENTED_READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.COMPACT_COORDINATOR,
                OperatorUids.CONSENTED_READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.COMPACTOR,
                OperatorUids.AGGREGATES_SINK + POST_COMMIT_SEPARATOR + OperatorUids.COMPACT_COORDINATOR,
                OperatorUids.AGGREGATES_SINK + POST_COMMIT_SEPARATOR + OperatorUids.COMPACTOR,
                OperatorUids.READINGS_ICEBERG_ROWS,
                OperatorUids.READINGS_ICEBERG_SINK + ICEBERG_WRITER,
                OperatorUids.READINGS_ICEBERG_SINK + ICEBERG_COMMITTER,
                OperatorUids.READINGS_ICEBERG_SINK + ICEBERG_DUMMY_SINK,
                OperatorUids.AGGREGATES_ICEBERG_ROWS,
                OperatorUids.AGGREGATES_ICEBERG_SINK + ICEBERG_WRITER,
                OperatorUids.AGGREGATES_ICEBERG_SINK + ICEBERG_COMMITTER,
                OperatorUids.AGGREGATES_ICEBERG_SINK + ICEBERG_DUMMY_SINK,
                OperatorUids.ERRORS_ICEBERG_ROWS,
                OperatorUids.ERRORS_ICEBERG_SINK + ICEBERG_WRITER,
                OperatorUids.ERRORS_ICEBERG_SINK + ICEBERG_COMMITTER,
                OperatorUids.ERRORS_ICEBERG_SINK + ICEBERG_DUMMY_SINK));
        for (String prefix : List.of(OperatorUids.READINGS_ICEBERG_MAINTENANCE,
                OperatorUids.AGGREGATES_ICEBERG_MAINTENANCE, OperatorUids.ERRORS_ICEBERG_MAINTENANCE)) {
            uids.addAll(maintenanceUids(prefix));
        }
        assertThat(expected).containsExactlyElementsOf(uids);
    }

    /** A table's maintenance uids, in the file's order: Iceberg's operator name, then our prefix, then the task's. */
    static List<String> maintenanceUids(String prefix) {
        return List.of(
                maintenance(prefix, "Monitor source for ", ""),
                maintenance(prefix, "Trigger manager", ""),
                maintenance(prefix, "Watermark Assigner", ""),
                maintenance(prefix, "Filter 0-", ""),
                maintenance(prefix, "Filter 1-", ""),
                maintenance(prefix, "Filter 2-", ""),
                maintenance(prefix, "RDF Planner", TableMaintenanceGraph.REWRITE),
                maintenance(prefix, "Rewrite", TableMaintenanceGraph.REWRITE),
                maintenance(prefix, "Rewrite commit", TableMaintenanceGraph.REWRITE),
                maintenance(prefix, "Rewrite aggregator", TableMaintenanceGraph.REWRITE),
                maintenance(prefix, "Expire Snapshot", TableMaintenanceGraph.EXPIRE),
                maintenance(prefix, "Delete file", TableMaintenanceGraph.EXPIRE),
                maintenance(prefix, "Table Planner", TableMaintenanceGraph.ORPHANS),
                maintenance(prefix, "Files Reader", TableMaintenanceGraph.ORPHANS),
                maintenance(prefix, "List metadata Files", TableMaintenanceGraph.ORPHANS),
                maintenance(prefix, "Filesystem Files", TableMaintenanceGraph.ORPHANS),
                maintenance(prefix, "Filter File", TableMaintenanceGraph.ORPHANS),
                maintenance(prefix, "Skip On Error", TableMaintenanceGraph.ORPHANS),
                maintenance(prefix, "Delete File", TableMaintenanceGraph.ORPHANS),
                maintenance(prefix, "Orphan Files Aggregator", TableMaintenanceGraph.ORPHANS),
                maintenance(prefix, "lock-remover-", ""));
    }

    /** A uid of a table's maintenance: Iceberg's operator name, then our prefix, then the task's. */
    static String maintenance(String prefix, String icebergName, String task) {
        return icebergName + TableMaintenanceGraph.UID_SEPARATOR + prefix + task;
    }

    @Test
    void theRepairGraphGivesEveryOperatorItsOwnUidNoneOfTheStreams() {
        // a job of its own, never restored from the stream's savepoints: operator-uids.txt does not list it
        JobConfig cfg = JobConfig.from(Map.of(
                "lake.transformed-path", lake.resolve("transformed").toUri().toString(),
                "repair.enabled", "true",
                "repair.from", "2024-05-01T00:00:00Z",
                "repair.to", "2024-05-02T00:00:00Z"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        AqLakeRepair.build(env, cfg, cfg.repair.orElseThrow(), cfg.aggregation.orElseThrow());

        List<String> uids = new ArrayList<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            assertThat(node.getTransformationUID()).as(node.getOperatorName()).isNotNull();
            uids.add(node.getTransformationUID());
        }
        assertThat(uids).containsExactlyInAnyOrder(OperatorUids.REPAIR_READINGS_SOURCE,
                OperatorUids.REPAIR_AGGREGATES_SOURCE, OperatorUids.REPAIR_WINDOWS,
                OperatorUids.REPAIR_AGGREGATES_SINK, COMMITTER_PREFIX + OperatorUids.REPAIR_AGGREGATES_SINK);
        assertThat(uids).doesNotContainAnyElementsOf(expected);
    }

    @Test
    void eachReadingsWriterIsFedByItsOpenPartitionBoundChainableToIt() {
        Map<String, String> writerToBound = Map.of(
                OperatorUids.READINGS_SINK, OperatorUids.PARTITION_BOUND,
                OperatorUids.CONSENTED_READINGS_SINK, OperatorUids.CONSENTED_PARTITION_BOUND);
        for (Map.Entry<String, String> e : writerToBound.entrySet()) {
            StreamNode writer = graph.getStreamNodes().stream().filter(n -> e.getKey().equals(n.getTransformationUID()))
                    .findFirst().orElseThrow();
            assertThat(writer.getInEdges()).as("what feeds %s", e.getKey()).singleElement().satisfies(edge -> {
                StreamNode bound = graph.getStreamNode(edge.getSourceId());
                assertThat(bound.getTransformationUID()).isEqualTo(e.getValue());
                assertThat(edge.getPartitioner()).isInstanceOf(ForwardPartitioner.class);
                assertThat(bound.getParallelism()).isEqualTo(writer.getParallelism());
            });
        }
    }

    @Test
    void theReadingsTableHasOnePartitionCommitterFedByTheWritersAndCommittersOfBothReadingsSinks() {
        StreamNode committer = graph.getStreamNodes().stream()
                .filter(n -> (OperatorUids.READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.PARTITION_COMMIT)
                        .equals(n.getTransformationUID()))
                .findFirst().orElseThrow();
        Set<String> feeding = new TreeSet<>();
        for (StreamEdge edge : committer.getInEdges()) {
            feeding.add(graph.getStreamNode(edge.getSourceId()).getTransformationUID());
        }

        // the writers' files through each sink's tag, so that the committer tells the two sinks' writers apart
        assertThat(feeding).containsExactlyInAnyOrder(
                OperatorUids.READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.PARTITION_COMMIT_TAG,
                OperatorUids.CONSENTED_READINGS_SINK + POST_COMMIT_SEPARATOR + OperatorUids.PARTITION_COMMIT_TAG,
                COMMITTER_PREFIX + OperatorUids.READINGS_SINK,
                COMMITTER_PREFIX + OperatorUids.CONSENTED_READINGS_SINK);
        for (String sink : List.of(OperatorUids.READINGS_SINK, OperatorUids.CONSENTED_READINGS_SINK)) {
            StreamNode tag = graph.getStreamNodes().stream()
                    .filter(n -> (sink + POST_COMMIT_SEPARATOR + OperatorUids.PARTITION_COMMIT_TAG)
                            .equals(n.getTransformationUID()))
                    .findFirst().orElseThrow();
            assertThat(tag.getInEdges()).as("the tag of %s reads its writers, chainable to them", sink)
                    .singleElement()
                    .satisfies(e -> assertThat(graph.getStreamNode(e.getSourceId()).getTransformationUID())
                            .isEqualTo(sink))
                    .satisfies(e -> assertThat(e.getPartitioner()).isInstanceOf(ForwardPartitioner.class));
            assertThat(tag.getParallelism()).isEqualTo(graph.getStreamNode(tag.getInEdges().get(0).getSourceId())
                    .getParallelism());
        }
        assertThat(graph.getStreamNodes()).filteredOn(n -> n.getOperatorName().endsWith(PartitionCommitSink.NAME))
                .as("one committer per table: readings and aggregates").hasSize(2);
    }
}
