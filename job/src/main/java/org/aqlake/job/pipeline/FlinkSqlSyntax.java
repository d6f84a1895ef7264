package org.aqlake.job.pipeline;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
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
            .withIdentifierQuoteString(Quoting.BACK_TICK.string)) {
        /** Calcite's dialects leave table hints out; Flink reads them: {@code t /*+ OPTIONS('k' = 'v') *}{@code /}. */
        @Override
        public void unparseTableScanHints(SqlWriter writer, SqlNodeList hints, int leftPrec, int rightPrec) {
            writer.print("/*+ ");
            hints.unparse(writer, 0, 0);
            writer.print(" */");
        }

        /**
         * A string as the script wrote it, between quotes with the quote doubled, also beyond ASCII: Flink
         * reads UTF-8 literals, and Calcite's {@code u&'\00b5'} form would come back with another charset.
         */
        @Override
        public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
            if (charsetName != null) {
                super.quoteStringLiteral(buf, charsetName, val);
                return;
            }
            buf.append('\'').append(val.replace("'", "''")).append('\'');
        }
    };

    private FlinkSqlSyntax() {}

    /** The statement as SQL text; every identifier is quoted and every literal written anew. */
    static String unparse(SqlNode node) {
        return node.toSqlString(DIALECT).getSql();
    }

    /** One statement's text parsed again. */
    static SqlNode parseStatement(String sql) throws SqlParseException {
        return SqlParser.create(sql, PARSER).parseStmt();
    }
}
