-- The AQI and WHO functions of the udfs jar (udfs/target/aq-lake-udfs-*.jar, which ./sql/console puts
-- on the session's class path), one statement per function, exactly as
-- org.aqlake.udfs.sql.AqLakeFunctions.createStatements() gives them (a test keeps the two equal).
-- Example: SELECT aqi_pm25(35.4);  -- 100
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_pm25 AS 'org.aqlake.udfs.sql.AqiPm25' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_pm10 AS 'org.aqlake.udfs.sql.AqiPm10' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_o3_8h AS 'org.aqlake.udfs.sql.AqiO3EightHour' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_o3_1h AS 'org.aqlake.udfs.sql.AqiO3OneHour' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_co AS 'org.aqlake.udfs.sql.AqiCo' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_so2 AS 'org.aqlake.udfs.sql.AqiSo2' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_so2_24h AS 'org.aqlake.udfs.sql.AqiSo2TwentyFourHour' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_no2 AS 'org.aqlake.udfs.sql.AqiNo2' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS aqi_category AS 'org.aqlake.udfs.sql.AqiCategoryName' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS nowcast AS 'org.aqlake.udfs.sql.NowCastFunction' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS who_exceeds AS 'org.aqlake.udfs.sql.WhoExceeds' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS who_guideline AS 'org.aqlake.udfs.sql.WhoGuidelineLevel' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS ppb_to_ugm3 AS 'org.aqlake.udfs.sql.PpbToUgm3' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS ugm3_to_ppb AS 'org.aqlake.udfs.sql.Ugm3ToPpb' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS to_reference_unit AS 'org.aqlake.udfs.sql.ToReferenceUnit' LANGUAGE JAVA;
