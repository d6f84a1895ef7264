package org.aqlake.job.pipeline;

import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Litmus;
import org.apache.flink.sql.parser.type.ExtendedSqlRowTypeNameSpec;

/**
 * The check that a statement reads back as it was parsed ({@code equalsDeep}), less one defect of Flink 1.20's
 * parser: a {@code ROW<…>} type ({@code ExtendedSqlRowTypeNameSpec}) is never deep-equal to another, itself
 * included, because it asks whether the other is Calcite's {@code SqlRowTypeNameSpec}, which it is not. Two
 * such types count as equal when they are written the same (field names, types, nullability and comments
 * are all in the text); any other difference still fails.
 */
final class RowTypesByText implements Litmus {

    static final Litmus INSTANCE = new RowTypesByText();

    private RowTypesByText() {}

    @Override
    public boolean fail(String message, Object... args) {
        return args.length == 2 && args[0] instanceof ExtendedSqlRowTypeNameSpec
                && args[1] instanceof ExtendedSqlRowTypeNameSpec && text(args[0]).equals(text(args[1]));
    }

    @Override
    public boolean succeed() {
        return true;
    }

    @Override
    public boolean check(boolean condition, String message, Object... args) {
        return condition || fail(message, args);
    }

    private static String text(Object rowType) {
        return FlinkSqlSyntax.unparse(new SqlDataTypeSpec((ExtendedSqlRowTypeNameSpec) rowType, SqlParserPos.ZERO));
    }
}
