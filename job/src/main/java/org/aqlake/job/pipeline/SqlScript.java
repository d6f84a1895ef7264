package org.aqlake.job.pipeline;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A SQL pipeline script, split into its statements by Flink's own SQL parser (so a semicolon in a string
 * or a comment is never a statement's end): first the set-up (SET, CREATE, USE), then the INSERTs, bare or
 * in one {@code EXECUTE STATEMENT SET}, which run together as one job.
 */
public final class SqlScript {

    private final String name;
    private final List<ScriptStatement> statements;

    private SqlScript(String name, List<ScriptStatement> statements) {
        this.name = name;
        this.statements = statements;
    }

    /** Parses the script; a syntax error, a query or a statement out of order fails with its line. */
    public static SqlScript parse(String name, String text) {
        SqlNodeList nodes;
        try {
            nodes = SqlParser.create(text, FlinkSqlSyntax.PARSER).parseStmtList();
        } catch (SqlParseException e) {
            throw new ScriptException(name + " line " + e.getPos().getLineNum() + ", column "
                    + e.getPos().getColumnNum() + ": " + firstLine(e.getMessage()), e);
        }
        List<ScriptStatement> statements = new ArrayList<>();
        boolean inserts = false;
        for (ScriptStatement statement : ScriptStatement.split(name, nodes)) {
            if (inserts && statement.kind != ScriptStatement.Kind.INSERT) {
                throw new ScriptException(name + " line " + statement.line + ": " + statement.kind.name()
                        + " after an INSERT; the set-up comes first, then the INSERTs of the one job");
            }
            inserts |= statement.kind == ScriptStatement.Kind.INSERT;
            statements.add(statement);
        }
        if (!inserts) {
            throw new ScriptException(name + ": no INSERT statement, so the pipeline would write nothing");
        }
        return new SqlScript(name, statements);
    }

    public String name() {
        return name;
    }

    /**
     * The statements with the parameters bound, as SQL text for the planner. Every parameter must be used
     * and every used one given, so that a misspelt name fails instead of leaving a default in place.
     */
    public List<BoundStatement> bind(Map<String, String> params) {
        ScriptParameters parameters = new ScriptParameters(name, params);
        List<BoundStatement> bound = new ArrayList<>();
        for (ScriptStatement s : statements) {
            SqlNode node = parameters.bind(s.node);
            bound.add(new BoundStatement(s.kind, s.line, node, writtenBack(s, node)));
        }
        Set<String> unused = new TreeSet<>(params.keySet());
        unused.removeAll(parameters.used());
        if (!unused.isEmpty()) {
            throw new ScriptException(name + " takes no parameter " + unused + "; it uses "
                    + parameters.used());
        }
        return bound;
    }

    /**
     * The statement as text, checked by parsing it again: the planner must read what the script says, so a
     * clause the dialect would leave out or change stops the run instead of changing the pipeline.
     */
    private String writtenBack(ScriptStatement s, SqlNode node) {
        String sql = FlinkSqlSyntax.unparse(node);
        try {
            if (FlinkSqlSyntax.parseStatement(sql).equalsDeep(node, RowTypesByText.INSTANCE)) {
                return sql;
            }
        } catch (SqlParseException e) {
            // reported below, with the text
        }
        throw new ScriptException(name + " line " + s.line + ": Flink's SQL dialect does not write this statement"
                + " back as it was parsed, so it cannot run as written: " + sql);
    }

    private static String firstLine(String message) {
        int eol = message.indexOf('\n');
        return eol < 0 ? message : message.substring(0, eol);
    }

    /** One statement ready to run: its kind, its line in the script, and its text with the values in place. */
    public static final class BoundStatement {
        public final ScriptStatement.Kind kind;
        public final int line;
        public final String sql;
        private final SqlNode node;

        BoundStatement(ScriptStatement.Kind kind, int line, SqlNode node, String sql) {
            this.kind = kind;
            this.line = line;
            this.node = node;
            this.sql = sql;
        }

        SqlNode node() {
            return node;
        }

        @Override
        public String toString() {
            return kind + "@" + line + ": " + sql;
        }
    }
}
