package org.aqlake.job.pipeline;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.flink.sql.parser.ddl.SqlCreateView;
import org.apache.flink.sql.parser.ddl.SqlSet;
import org.apache.flink.sql.parser.ddl.SqlTableOption;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts parameter values into parsed statements. A parameter is written {@code ${name}} inside a string
 * literal; the literal is replaced, in the syntax tree, by a new literal holding the value, so that a value
 * can never become SQL: whatever it contains (quotes, semicolons, comments), the dialect writes it back as
 * one quoted string. Parameters are taken in WITH options, SET values and queries (of INSERT and
 * CREATE VIEW); anywhere else, and for a name without a value, the script fails with the line.
 */
final class ScriptParameters {

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String MARK = "${";

    private final String script;
    private final Map<String, String> values;
    private final Set<String> used = new TreeSet<>();

    ScriptParameters(String script, Map<String, String> values) {
        this.script = script;
        this.values = Map.copyOf(values);
    }

    /** The statement with its parameters bound; it may be the same node, changed in place. */
    SqlNode bind(SqlNode statement) {
        SqlNode bound = bindStatement(statement);
        bindOptions(bound);
        walk(bound, literal -> {
            String text = text(literal);
            if (text != null && text.contains(MARK)) {
                throw new ScriptException(where(literal) + ": '" + text + "' holds a parameter where none is"
                        + " replaced, or a malformed one: write ${name} (letters, digits, _) inside a string literal"
                        + " of a WITH option, a SET value or a query");
            }
        });
        return bound;
    }

    /** The names the statements bound so far used. */
    Set<String> used() {
        return used;
    }

    private SqlNode bindStatement(SqlNode node) {
        if (node instanceof SqlInsert) {
            SqlInsert insert = (SqlInsert) node;
            insert.setOperand(2, query(insert.getSource()));
        } else if (node instanceof SqlCreateView) {
            SqlCreateView view = (SqlCreateView) node;
            return new SqlCreateView(view.getParserPosition(), view.getViewName(), view.getFieldList(),
                    query(view.getQuery()), view.getReplace(), view.isTemporary(), view.isIfNotExists(),
                    view.getComment().orElse(null), view.getProperties().orElse(null));
        } else if (node instanceof SqlSet && ((SqlSet) node).getValue() instanceof SqlLiteral) {
            SqlSet set = (SqlSet) node;
            return new SqlSet(set.getParserPosition(), set.getKey(), literal((SqlLiteral) set.getValue()));
        }
        return node;
    }

    /** WITH options of tables and catalogs: each in a list of options, which takes the new option in place. */
    private void bindOptions(SqlNode node) {
        if (node instanceof SqlNodeList) {
            SqlNodeList list = (SqlNodeList) node;
            for (int i = 0; i < list.size(); i++) {
                SqlNode item = list.get(i);
                if (item instanceof SqlTableOption && ((SqlTableOption) item).getValue() instanceof SqlLiteral) {
                    SqlTableOption option = (SqlTableOption) item;
                    list.set(i, new SqlTableOption(option.getKey(), literal((SqlLiteral) option.getValue()),
                            option.getParserPosition()));
                } else {
                    bindOptions(item);
                }
            }
        } else if (node instanceof SqlCall) {
            ((SqlCall) node).getOperandList().forEach(this::bindOptions);
        }
    }

    private SqlNode query(SqlNode query) {
        return query.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlLiteral literal) {
                return literal(literal);
            }
        });
    }

    private SqlLiteral literal(SqlLiteral literal) {
        String text = text(literal);
        if (text == null || !text.contains(MARK)) {
            return literal;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder value = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = values.get(name);
            if (v == null) {
                throw new ScriptException(where(literal) + ": parameter '" + name + "' has no value (set"
                        + " pipeline.params." + name + ")");
            }
            used.add(name);
            m.appendReplacement(value, Matcher.quoteReplacement(v));
        }
        m.appendTail(value);
        return SqlLiteral.createCharString(value.toString(), literal.getParserPosition());
    }

    private String where(SqlNode node) {
        return script + " line " + node.getParserPosition().getLineNum();
    }

    private static String text(SqlLiteral literal) {
        return literal instanceof SqlCharStringLiteral ? literal.getValueAs(String.class) : null;
    }

    /** Every literal of the tree, also in statements that no shuttle rebuilds (DDL). */
    static void walk(SqlNode node, Consumer<SqlLiteral> visit) {
        if (node instanceof SqlLiteral) {
            visit.accept((SqlLiteral) node);
        } else if (node instanceof SqlNodeList) {
            ((SqlNodeList) node).forEach(n -> walk(n, visit));
        } else if (node instanceof SqlCall) {
            ((SqlCall) node).getOperandList().forEach(n -> walk(n, visit));
        }
    }
}
