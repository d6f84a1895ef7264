package org.aqlake.job.pipeline;

import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.sql.parser.ddl.SqlSet;

import org.aqlake.udfs.sql.AqLakeFunctions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Runs a bound script on a table environment: the AQ functions are registered first, the set-up runs
 * statement by statement, and every INSERT goes into one statement set, so the pipeline is one job whose
 * sinks commit together.
 */
public final class SqlPipelineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SqlPipelineRunner.class);

    private SqlPipelineRunner() {}

    /** The AQ functions of the udfs jar, under the names the SQL console gives them. */
    public static void registerFunctions(TableEnvironment tEnv) {
        AqLakeFunctions.ALL.forEach(tEnv::createTemporarySystemFunction);
    }

    /** Submits the pipeline's job and returns its result (which {@code await()} waits for). */
    public static TableResult run(TableEnvironment tEnv, SqlScript script, Map<String, String> params) {
        List<SqlScript.BoundStatement> statements = script.bind(params);
        registerFunctions(tEnv);
        StatementSet inserts = tEnv.createStatementSet();
        for (SqlScript.BoundStatement s : statements) {
            try {
                switch (s.kind) {
                    case SET:
                        set(tEnv, script, s);
                        break;
                    case DDL:
                        tEnv.executeSql(s.sql);
                        break;
                    default:
                        inserts.addInsertSql(s.sql);
                }
            } catch (ValidationException | SqlParserException | TableException e) {
                throw new ScriptException(script.name() + " line " + s.line + ": " + e.getMessage(), e);
            }
        }
        LOG.info("Running SQL pipeline {} ({} statements)", script.name(), statements.size());
        return inserts.execute();
    }

    private static void set(TableEnvironment tEnv, SqlScript script, SqlScript.BoundStatement s) {
        SqlSet set = (SqlSet) s.node();
        if (set.getKey() == null || set.getValue() == null) {
            throw new ScriptException(script.name() + " line " + s.line + ": SET needs 'key' = 'value'");
        }
        tEnv.getConfig().set(set.getKeyString(), set.getValueString());
    }
}
