package org.aqlake.udfs.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * Every SQL function of this jar under its SQL name, and the DDL that registers them, so the SQL
 * console (or any TableEnvironment) can run {@link #createStatements()} after adding the jar.
 */
public final class AqLakeFunctions {

    /** SQL name to implementing class, in the order of the function table in udfs/README.md. */
    public static final Map<String, Class<? extends UserDefinedFunction>> ALL;

    static {
        Map<String, Class<? extends UserDefinedFunction>> m = new LinkedHashMap<>();
        m.put("aqi_pm25", AqiPm25.class);
        m.put("aqi_pm10", AqiPm10.class);
        m.put("aqi_o3_8h", AqiO3EightHour.class);
        m.put("aqi_o3_1h", AqiO3OneHour.class);
        m.put("aqi_co", AqiCo.class);
        m.put("aqi_so2", AqiSo2.class);
        m.put("aqi_so2_24h", AqiSo2TwentyFourHour.class);
        m.put("aqi_no2", AqiNo2.class);
        m.put("aqi_category", AqiCategoryName.class);
        m.put("nowcast", NowCastFunction.class);
        m.put("who_exceeds", WhoExceeds.class);
        m.put("who_guideline", WhoGuidelineLevel.class);
        m.put("ppb_to_ugm3", PpbToUgm3.class);
        m.put("ugm3_to_ppb", Ugm3ToPpb.class);
        m.put("to_reference_unit", ToReferenceUnit.class);
        ALL = Collections.unmodifiableMap(m);
    }

    private AqLakeFunctions() {
    }

    /** One {@code CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS ...} statement per function. */
    public static List<String> createStatements() {
        List<String> ddl = new ArrayList<>();
        ALL.forEach((name, cls) -> ddl.add("CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS " + name + " AS '"
                + cls.getName() + "' LANGUAGE JAVA"));
        return ddl;
    }
}
