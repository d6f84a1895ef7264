package org.aqlake.udfs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.aqlake.udfs.aqi.Aqi;
import org.aqlake.udfs.aqi.NowCast;
import org.aqlake.udfs.units.Pollutant;
import org.aqlake.udfs.units.ReferenceUnits;
import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.UnitConversions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registers every function the way the SQL console will, with the DDL of {@link AqLakeFunctions},
 * in a real TableEnvironment (planner and runtime), and calls each from SQL.
 */
class SqlFunctionsTest {

    static TableEnvironment sql;

    @BeforeAll
    static void registerTheFunctions() {
        sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        AqLakeFunctions.createStatements().forEach(sql::executeSql);
    }

    static Row one(String query) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = sql.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        } catch (Exception e) {
            throw new IllegalStateException(query, e);
        }
        assertThat(rows).as(query).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aqiPm25Of35point4IsTheTopOfModerate() {
        assertThat(one("SELECT aqi_pm25(35.4)").getField(0)).isEqualTo(100);
    }

    @Test
    void everyDdlStatementNamesAFunctionTheCatalogNowKnows() {
        List<String> known = List.of(sql.listFunctions());

        assertThat(known).containsAll(AqLakeFunctions.ALL.keySet());
    }

    @Test
    void theAqiFunctionsGiveWhatThePureFunctionsGive() {
        Row r = one("SELECT aqi_pm25(12.0), aqi_pm10(155), aqi_o3_8h(0.07853), aqi_o3_1h(0.2), aqi_co(8.4),"
                + " aqi_so2(100), aqi_so2_24h(400), aqi_no2(120), aqi_category(aqi_pm25(12.0))");

        assertThat(r.getField(0)).isEqualTo(Aqi.pm25(12.0));
        assertThat(r.getField(1)).isEqualTo(Aqi.pm10(155));
        assertThat(r.getField(2)).isEqualTo(Aqi.o3EightHour(0.07853)).isEqualTo(126);
        assertThat(r.getField(3)).isEqualTo(Aqi.o3OneHour(0.2));
        assertThat(r.getField(4)).isEqualTo(Aqi.co(8.4)).isEqualTo(90);
        assertThat(r.getField(5)).isEqualTo(Aqi.so2OneHour(100));
        assertThat(r.getField(6)).isEqualTo(Aqi.so2TwentyFourHour(400));
        assertThat(r.getField(7)).isEqualTo(Aqi.no2(120));
        assertThat(r.getField(8)).isEqualTo("Moderate");
    }

    @Test
    void whereATableDefinesNoIndexTheFunctionReturnsNull() {
        Row r = one("SELECT aqi_o3_1h(0.1), aqi_o3_8h(0.25), aqi_so2(400), aqi_pm25(CAST(NULL AS DOUBLE))");

        assertThat(r.getField(0)).isNull();
        assertThat(r.getField(1)).isNull();
        assertThat(r.getField(2)).isNull();
        assertThat(r.getField(3)).isNull();
    }

    @Test
    void nowcastTakesAnArrayNewestFirstWithNullForAMissingHour() {
        Row r = one("SELECT nowcast(ARRAY[13.0, 16, 10, 21, 74, 64, 53, 82, 90, 75, 80, 50]),"
                + " nowcast(ARRAY[CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), 10.0]), nowcast(ARRAY[20.0, CAST(NULL AS DOUBLE), 10.0])");

        assertThat((Double) r.getField(0)).isCloseTo(NowCast.pm(13, 16, 10, 21, 74, 64, 53, 82, 90, 75, 80, 50),
                within(1e-9));
        assertThat(r.getField(1)).isNull();
        assertThat((Double) r.getField(2)).isCloseTo(NowCast.pm(20, Double.NaN, 10), within(1e-9));
    }

    @Test
    void whoExceedsComparesWithTheShortTermLevelUnlessTheAveragingSaysOtherwise() {
        Row r = one("SELECT who_exceeds('pm25', 15.0), who_exceeds('PM2.5', 15.5), who_exceeds('pm25', 6.0, 'annual'),"
                + " who_exceeds('o3', 101.0), who_exceeds('co', 4.5), who_exceeds('bc', 1000.0), who_guideline('no2'),"
                + " who_guideline('no2', 'annual'), who_exceeds('no2', 30.0, 'weekly')");

        assertThat(r.getField(0)).isEqualTo(false);
        assertThat(r.getField(1)).isEqualTo(true);
        assertThat(r.getField(2)).isEqualTo(true);
        assertThat(r.getField(3)).isEqualTo(true);
        assertThat(r.getField(4)).isEqualTo(true);
        assertThat(r.getField(5)).isNull();
        assertThat(r.getField(6)).isEqualTo(25.0);
        assertThat(r.getField(7)).isEqualTo(10.0);
        assertThat(r.getField(8)).isNull();
    }

    @Test
    void theUnitFunctionsConvertAt25DegreesAndOneAtmosphere() {
        Row r = one("SELECT ppb_to_ugm3('no2', 21.26), ugm3_to_ppb('o3', 100.0), ppb_to_ugm3('pm25', 10.0),"
                + " to_reference_unit('o3', 0.07, 'ppm'), to_reference_unit('co', 1.0, 'mg/m3'), to_reference_unit('x', 1.0, 'ppb')");

        assertThat((Double) r.getField(0)).isCloseTo(UnitConversions.ppbToUgPerM3(Pollutant.NO2, 21.26), within(1e-9));
        assertThat((Double) r.getField(1)).isCloseTo(UnitConversions.ugPerM3ToPpb(Pollutant.O3, 100.0), within(1e-9));
        assertThat(r.getField(2)).isNull();
        assertThat((Double) r.getField(3)).isCloseTo(70.0, within(1e-9));
        assertThat((Double) r.getField(4))
                .isCloseTo(ReferenceUnits.toReference(1.0, ConcentrationUnit.MG_PER_M3, Pollutant.CO), within(1e-9));
        assertThat(r.getField(5)).isNull();
    }
}
