package org.aqlake.job.pipeline;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import org.aqlake.job.support.LakeTestJob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** TEMPORARY until the SQL pipeline runner lands: runs the crime recipe's script on the mini-cluster. */
final class RecipeUnderTest {

    static final Path RECIPE = Path.of("..", "sql", "pipelines", "04_sacramento_crime_stream", "pipeline.sql");

    private RecipeUnderTest() {}

    static JobClient start(MiniCluster cluster, Duration checkpoints, Map<String, String> parameters) throws IOException {
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(checkpoints.toMillis());
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.createTemporarySystemFunction("parse_crime_csv", FailOnDemandCrimeCsv.class);
        String script = Files.readString(RECIPE);
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            script = script.replace("${" + p.getKey() + "}", p.getValue());
        }
        TableResult last = null;
        for (String statement : statements(script)) {
            java.util.regex.Matcher set = java.util.regex.Pattern.compile("SET '([^']+)' = '([^']+)'").matcher(statement);
            if (set.matches()) {
                t.getConfig().getConfiguration().setString(set.group(1), set.group(2));
            } else if (statement.startsWith("EXECUTE STATEMENT SET")) {
                org.apache.flink.table.api.StatementSet ss = t.createStatementSet();
                String body = statement.substring(statement.indexOf("BEGIN") + 5, statement.lastIndexOf("END"));
                for (String insert : body.split(";")) {
                    if (!insert.isBlank()) {
                        ss.addInsertSql(insert.trim());
                    }
                }
                last = ss.execute();
            } else {
                last = t.executeSql(statement);
            }
        }
        return last.getJobClient().orElseThrow();
    }

    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inSet = false;
        for (String line : script.split("\n")) {
            if (line.startsWith("--") || line.isBlank() && current.length() == 0) {
                continue;
            }
            if (line.startsWith("BEGIN")) {
                inSet = true;
            }
            current.append(line).append('\n');
            String trimmed = line.trim();
            if (trimmed.endsWith(";") && (!inSet || trimmed.equals("END;"))) {
                String s = current.toString().trim();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
                inSet = false;
            }
        }
        return out;
    }
}
