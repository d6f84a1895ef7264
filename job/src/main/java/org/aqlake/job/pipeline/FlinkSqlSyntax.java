package org.aqlake.job.pipeline;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.flink.sql.parser.impl.FlinkSqlParserImpl;
import org.apache.flink.sql.parser.validate.FlinkSqlConformance;

/**
 * Flink's default SQL syntax, as its planner configures it: the parser (Flink's grammar, Java lexical
 * rules, back-quoted identifiers) and the dialect that writes a parsed statement back as text the planner
 * reads the same way.
 */
final class FlinkSqlSyntax {

    static final SqlParser.Config PARSER = SqlParser.config()
            .withParserFactory(FlinkSqlParserImpl.FACTORY)
            .withConformance(FlinkSqlConformance.DEFAULT)
            .withLex(Lex.JAVA)
            .withIdentifierMaxLength(256);

    private static final SqlDialect DIALECT = new CalciteSqlDialect(SqlDialect.EMPTY_CONTEXT
            .withQuotedCasing(Casing.UNCHANGED)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withConformance(FlinkSqlConformance.DEFAULT)
            .withIdentifierQuoteString(Quoting.BACK_TICK.string));

    private FlinkSqlSyntax() {}

    /** The statement as SQL text; every identifier is quoted and every literal written anew. */
    static String unparse(SqlNode node) {
        return node.toSqlString(DIALECT).getSql();
    }
}
