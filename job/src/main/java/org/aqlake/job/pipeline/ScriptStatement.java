package org.aqlake.job.pipeline;

import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.flink.sql.parser.ddl.SqlCreateTableAs;
import org.apache.flink.sql.parser.ddl.SqlReplaceTableAs;
import org.apache.flink.sql.parser.ddl.SqlSet;
import org.apache.flink.sql.parser.ddl.SqlUseCatalog;
import org.apache.flink.sql.parser.ddl.SqlUseDatabase;
import org.apache.flink.sql.parser.ddl.SqlUseModules;
import org.apache.flink.sql.parser.dml.SqlExecute;
import org.apache.flink.sql.parser.dml.SqlStatementSet;

import java.util.ArrayList;
import java.util.List;

/** One parsed statement of a script, with its line and what the runner does with it. */
public final class ScriptStatement {

    /** SET changes the job's configuration, DDL the catalog; the INSERTs are the job. */
    public enum Kind { SET, DDL, INSERT }

    final SqlNode node;
    final int line;
    final Kind kind;

    private ScriptStatement(SqlNode node, int line, Kind kind) {
        this.node = node;
        this.line = line;
        this.kind = kind;
    }

    /**
     * The script's statements in order; the INSERTs of an {@code EXECUTE STATEMENT SET} block (or of
     * {@code EXECUTE INSERT}) count as the script's own.
     */
    static List<ScriptStatement> split(String script, SqlNodeList nodes) {
        List<ScriptStatement> statements = new ArrayList<>();
        for (SqlNode node : nodes) {
            SqlNode statement = node instanceof SqlExecute ? ((SqlExecute) node).getStatement() : node;
            if (statement instanceof SqlStatementSet) {
                ((SqlStatementSet) statement).getInserts().forEach(i -> statements.add(of(script, i)));
            } else {
                statements.add(of(script, statement));
            }
        }
        return statements;
    }

    static ScriptStatement of(String script, SqlNode node) {
        int line = node.getParserPosition().getLineNum();
        if (node instanceof SqlSet) {
            return new ScriptStatement(node, line, Kind.SET);
        }
        if (node instanceof SqlInsert) {
            return new ScriptStatement(node, line, Kind.INSERT);
        }
        if (node instanceof SqlCreateTableAs || node instanceof SqlReplaceTableAs) {
            throw new ScriptException(script + " line " + line + ": CREATE TABLE ... AS runs a job of its own;"
                    + " write CREATE TABLE, then an INSERT, so that every INSERT runs in the pipeline's one job");
        }
        if (node instanceof SqlCreate || node instanceof SqlUseCatalog || node instanceof SqlUseDatabase
                || node instanceof SqlUseModules) {
            return new ScriptStatement(node, line, Kind.DDL);
        }
        throw new ScriptException(script + " line " + line + ": a pipeline runs SET, CREATE, USE and INSERT"
                + " statements, not " + node.getKind() + " (the SQL console is for queries)");
    }
}
