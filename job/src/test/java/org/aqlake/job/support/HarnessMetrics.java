package org.aqlake.job.support;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flink's real metric groups for an operator test harness, on Flink's testing registry, which hands
 * every registered metric to us: the operator registers its counters exactly as on a cluster, and a
 * test reads them by their identifier's ending, e.g. {@code kinesisanalytics.lateReadings}.
 */
public final class HarnessMetrics {

    private final Map<String, Metric> byIdentifier = new ConcurrentHashMap<>();
    private final TaskMetricGroup taskGroup;

    public HarnessMetrics() {
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setDelimiter('.')
                .setRegisterConsumer((metric, name, group) -> byIdentifier.put(group.getMetricIdentifier(name), metric))
                .build();
        taskGroup = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost", ResourceID.generate())
                .addJob(new JobID(), "harness")
                .addTask(ExecutionAttemptID.randomId(), "harness-task");
    }

    /** A mock environment (Flink's own) whose operators register their metrics here. */
    public MockEnvironment environment() {
        return new MockEnvironmentBuilder().setMetricGroup(taskGroup).build();
    }

    /** The same, for one subtask of a parallel operator: to test restores at another parallelism. */
    public MockEnvironment environment(int maxParallelism, int parallelism, int subtaskIndex) {
        return new MockEnvironmentBuilder().setMetricGroup(taskGroup).setMaxParallelism(maxParallelism)
                .setParallelism(parallelism).setSubtaskIndex(subtaskIndex).build();
    }

    /** The count of the one counter whose identifier ends with the suffix; 0 if none is registered. */
    public long counter(String suffix) {
        long sum = 0;
        for (Map.Entry<String, Metric> e : byIdentifier.entrySet()) {
            if (e.getKey().endsWith(suffix) && e.getValue() instanceof Counter) {
                sum += ((Counter) e.getValue()).getCount();
            }
        }
        return sum;
    }
}
