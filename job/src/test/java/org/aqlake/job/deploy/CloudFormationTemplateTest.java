package org.aqlake.job.deploy;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.config.PropertyGroups;
import org.aqlake.job.consent.ConsentDenial;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.sink.ReadingWriteSupport;
import org.aqlake.udfs.partition.PartitionTemplate;
import org.aqlake.job.metrics.MetricNames;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudFormation template of the deployment, parsed as JSON and held to the promises the README
 * makes about it: safe buckets, a least-privilege role, an application that keeps its state across
 * upgrades, property groups the job accepts, alarms on the metrics the job emits, and a Glue table that
 * matches the Parquet the job writes.
 */
class CloudFormationTemplateTest {

    static final Path TEMPLATE = Path.of("..", "config", "cloudformation", "aq-lake.json");
    static final Path MANAGED_FLINK_PROPERTIES = Path.of("..", "config", "managed-flink.json");

    /**
     * IAM actions that support no resource-level permission, so their statement must say "*". Every
     * entry is documented in the README and in the template's description.
     */
    static final Set<String> ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS = Set.of("cloudwatch:PutMetricData");

    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::Region", "AWS::Partition",
            "AWS::StackName", "AWS::StackId", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs");
    static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(?!!)([^}]+)}");

    static JsonNode template;
    static JsonNode resources;

    @BeforeAll
    static void parseTheTemplate() throws IOException {
        template = new ObjectMapper().readTree(TEMPLATE.toFile());
        resources = template.get("Resources");
        assertThat(resources).as("Resources of %s", TEMPLATE).isNotNull();
    }

    // ---------------------------------------------------------------- the template as a whole

    @Test
    void everyReferenceNamesAParameterAResourceOrAPseudoParameter() {
        Set<String> known = new TreeSet<>(PSEUDO_PARAMETERS);
        template.get("Parameters").fieldNames().forEachRemaining(known::add);
        resources.fieldNames().forEachRemaining(known::add);
        List<String> references = new ArrayList<>();
        collectReferences(template, references);

        assertThat(references).isNotEmpty();
        assertThat(references).allSatisfy(name -> assertThat(known).as("reference %s", name).contains(name));
    }

    @Test
    void theStackCreatesTheReadingsAndConsentStreamsEncrypted() {
        List<JsonNode> streams = ofType("AWS::Kinesis::Stream");

        assertThat(streams).extracting(s -> s.at("/Properties/Name/Ref").asText())
                .containsExactlyInAnyOrder("ReadingsStreamName", "ConsentStreamName");
        assertThat(streams).allSatisfy(s -> assertThat(s.at("/Properties/StreamEncryption/EncryptionType").asText())
                .isEqualTo("KMS"));
        assertThat(template.at("/Parameters/ReadingsStreamName/Default").asText()).isEqualTo("aq-readings");
    }

    // ---------------------------------------------------------------- buckets

    @Test
    void theStackCreatesTheRawTransformedAndQueryResultsBuckets() {
        assertThat(namesOfType("AWS::S3::Bucket"))
                .containsExactlyInAnyOrder("RawBucket", "TransformedBucket", "QueryResultsBucket");
    }

    @Test
    void everyBucketHasDefaultEncryption() {
        forEachBucket((name, bucket) -> assertThat(bucket.at(
                "/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                .asText()).as(name).isIn("AES256", "aws:kms", "aws:kms:dsse"));
    }

    @Test
    void everyBucketBlocksPublicAccessInAllFourWays() {
        forEachBucket((name, bucket) -> {
            JsonNode block = bucket.at("/Properties/PublicAccessBlockConfiguration");
            for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                assertThat(block.path(setting).asBoolean(false)).as("%s %s", name, setting).isTrue();
            }
        });
    }

    @Test
    void everyBucketAbortsIncompleteMultipartUploadsThatAFailedFlinkSinkLeavesBehind() {
        forEachBucket((name, bucket) -> assertThat(elements(bucket.at("/Properties/LifecycleConfiguration/Rules")))
                .as(name)
                .anySatisfy(rule -> {
                    assertThat(rule.path("Status").asText()).isEqualTo("Enabled");
                    assertThat(rule.at("/AbortIncompleteMultipartUpload/DaysAfterInitiation").isMissingNode()).isFalse();
                    // the whole bucket: a rule with a prefix or tag filter would miss the uploads elsewhere
                    assertThat(rule.has("Prefix") || rule.has("Filter") || rule.has("TagFilters")).isFalse();
                }));
    }

    @Test
    void everyBucketHasAPolicyThatDeniesEveryRequestWithoutTls() {
        forEachBucket((name, bucket) -> {
            List<JsonNode> policies = ofType("AWS::S3::BucketPolicy").stream()
                    .filter(p -> name.equals(p.at("/Properties/Bucket/Ref").asText()))
                    .collect(Collectors.toList());
            assertThat(policies).as("bucket policy of %s", name).hasSize(1);
            assertThat(elements(policies.get(0).at("/Properties/PolicyDocument/Statement"))).anySatisfy(s -> {
                assertThat(s.path("Effect").asText()).isEqualTo("Deny");
                assertThat(s.path("Principal").asText()).isEqualTo("*");
                assertThat(s.path("Action").asText()).isEqualTo("s3:*");
                assertThat(s.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
                // the bucket itself and every object in it
                assertThat(resourcesOf(s)).containsExactlyInAnyOrder(name + ".Arn", name + ".Arn/*");
            });
        });
    }

    // ---------------------------------------------------------------- the application's role

    @Test
    void everyRoleStatementNamesItsResourcesUnlessItsActionsSupportNoResourceScope() {
        List<JsonNode> statements = roleStatements();

        assertThat(statements).hasSizeGreaterThan(5);
        for (JsonNode s : statements) {
            String sid = s.path("Sid").asText();
            assertThat(s.path("Effect").asText()).as(sid).isEqualTo("Allow");
            assertThat(s.has("NotAction") || s.has("NotResource")).as(sid).isFalse();
            List<String> actions = actionsOf(s);
            assertThat(actions).as(sid).isNotEmpty().noneMatch(a -> a.equals("*") || a.endsWith(":*"));
            List<String> scoped = resourcesOf(s);
            assertThat(scoped).as(sid).isNotEmpty();
            if (scoped.contains("*")) {
                assertThat(scoped).as("%s: '*' stands alone", sid).containsExactly("*");
                assertThat(ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS).as("%s uses '*' for", sid).containsAll(actions);
            }
        }
    }

    @Test
    void theRoleReadsOnlyItsOwnStreamsAndItsJar() {
        for (JsonNode s : roleStatements()) {
            List<String> kinesis = actionsOf(s).stream().filter(a -> a.startsWith("kinesis:")).collect(Collectors.toList());
            if (!kinesis.isEmpty()) {
                assertThat(resourcesOf(s)).as(s.path("Sid").asText()).allSatisfy(r ->
                        assertThat(r).matches("(ReadingsStream|ConsentStream)\\.Arn(/consumer/\\*)?"));
            }
        }
        JsonNode code = statement("ReadApplicationCode");
        assertThat(actionsOf(code)).containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion");
        assertThat(resourcesOf(code)).containsExactly("arn:${AWS::Partition}:s3:::${CodeBucket}/${CodeKey}");
    }

    @Test
    void theRoleWritesOnlyTheLakeBucketsAndNeverTheQueryResultsBucket() {
        List<String> s3Resources = new ArrayList<>();
        for (JsonNode s : roleStatements()) {
            if (actionsOf(s).stream().anyMatch(a -> a.startsWith("s3:")) && !"ReadApplicationCode".equals(s.path("Sid").asText())) {
                s3Resources.addAll(resourcesOf(s));
            }
        }

        // with LakeFormat ICEBERG, also the warehouse prefix of the transformed bucket (CloudFormationIcebergTest)
        assertThat(s3Resources).containsExactlyInAnyOrder("TransformedBucket.Arn", "RawBucket.Arn",
                "TransformedBucket.Arn/*", "RawBucket.Arn/*",
                "TransformedBucket.Arn", "TransformedBucket.Arn/${IcebergWarehousePrefix}/*");
        // what FileSink needs on S3: write and recover multipart uploads, and list the table
        assertThat(actionsOf(statement("WriteLakeObjects"))).contains("s3:PutObject", "s3:GetObject",
                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");
        assertThat(actionsOf(statement("ListLakeBuckets"))).contains("s3:ListBucket");
    }

    @Test
    void theRoleWritesOnlyTheApplicationsLogStream() {
        assertThat(resourcesOf(statement("WriteTheLogStream"))).containsExactly(
                "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${ApplicationLogGroup}"
                        + ":log-stream:${ApplicationLogStream}");
    }

    @Test
    void onlyManagedFlinkOfThisAccountAndApplicationMayAssumeTheRole() {
        JsonNode trust = resources.at("/ApplicationRole/Properties/AssumeRolePolicyDocument/Statement/0");

        assertThat(trust.at("/Principal/Service").asText()).isEqualTo("kinesisanalytics.amazonaws.com");
        assertThat(trust.at("/Condition/StringEquals/aws:SourceAccount/Ref").asText()).isEqualTo("AWS::AccountId");
        assertThat(trust.at("/Condition/ArnLike/aws:SourceArn/Fn::Sub").asText()).endsWith(":application/${ApplicationName}");
    }

    // ---------------------------------------------------------------- the application

    @Test
    void theApplicationRunsFlink120FromTheUploadedJarWithSnapshotsAndCheckpoints() {
        JsonNode app = single("AWS::KinesisAnalyticsV2::Application").get("Properties");
        JsonNode cfg = app.get("ApplicationConfiguration");

        assertThat(app.path("RuntimeEnvironment").asText()).isEqualTo("FLINK-1_20");
        assertThat(app.at("/ServiceExecutionRole/Fn::GetAtt/0").asText()).isEqualTo("ApplicationRole");
        assertThat(cfg.at("/ApplicationSnapshotConfiguration/SnapshotsEnabled").asBoolean()).isTrue();
        assertThat(cfg.at("/ApplicationCodeConfiguration/CodeContent/S3ContentLocation/FileKey/Ref").asText())
                .isEqualTo("CodeKey");
        assertThat(cfg.at("/ApplicationCodeConfiguration/CodeContent/S3ContentLocation/BucketARN/Fn::Sub").asText())
                .contains("${CodeBucket}");
        assertThat(cfg.at("/FlinkApplicationConfiguration/CheckpointConfiguration/CheckpointingEnabled").asBoolean())
                .as("files are committed on checkpoints only").isTrue();
        assertThat(cfg.at("/FlinkApplicationConfiguration/ParallelismConfiguration/AutoScalingEnabled/Ref").asText())
                .isEqualTo("AutoScalingEnabled");
        assertThat(cfg.at("/FlinkApplicationConfiguration/ParallelismConfiguration/Parallelism/Ref").asText())
                .isEqualTo("Parallelism");
    }

    @Test
    void theApplicationLogsToTheStacksLogStream() {
        JsonNode logging = single("AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption").get("Properties");

        assertThat(logging.at("/ApplicationName/Ref").asText()).isEqualTo("Application");
        assertThat(logging.at("/CloudWatchLoggingOption/LogStreamARN/Fn::Sub").asText())
                .contains("${ApplicationLogGroup}", "${ApplicationLogStream}");
        assertThat(namesOfType("AWS::Logs::LogGroup")).containsExactly("ApplicationLogGroup");
        assertThat(namesOfType("AWS::Logs::LogStream")).containsExactly("ApplicationLogStream");
    }

    @Test
    void thePropertyGroupsHaveTheKeysOfTheManagedFlinkConfigFile() {
        Map<String, String> fromFile = PropertyGroups.fromFile(MANAGED_FLINK_PROPERTIES);

        assertThat(templatePropertyGroups().keySet()).containsExactlyInAnyOrderElementsOf(fromFile.keySet());
    }

    @Test
    void thePropertyGroupsPassTheJobsValidationOnceTheStackHasFilledThemIn() {
        Map<String, String> flat = templatePropertyGroups();

        JobConfig cfg = JobConfig.from(flat);

        assertThat(cfg.stream).isEqualTo("aq-readings");
        assertThat(cfg.transformedPath).isEqualTo("s3://" + physicalName("TransformedBucket"));
        assertThat(cfg.rawArchiveEnabled).isTrue();
        assertThat(cfg.rawPath).contains("s3://" + physicalName("RawBucket"));
    }

    // ---------------------------------------------------------------- alarms

    @Test
    void anAlarmWatchesHowFarTheJobTrailsTheReadingsStream() {
        JsonNode alarm = alarmOn("millisBehindLatest");

        assertThat(alarm.at("/Properties/Namespace").asText()).isEqualTo("AWS/KinesisAnalytics");
        assertThat(dimensions(alarm.at("/Properties/Dimensions"))).containsEntry("Application", "ApplicationName");
    }

    @Test
    void anAlarmWatchesTheDeadLettersOfEveryErrorType() {
        JsonNode alarm = alarmOn(MetricNames.DEAD_LETTERS);
        List<String> errorTypes = new ArrayList<>();
        for (JsonNode m : elements(alarm.at("/Properties/Metrics"))) {
            JsonNode metric = m.at("/MetricStat/Metric");
            if (!metric.isMissingNode()) {
                assertThat(metric.path("Namespace").asText()).isEqualTo("AWS/KinesisAnalytics");
                Map<String, String> dims = dimensions(metric.get("Dimensions"));
                assertThat(dims).containsEntry("Application", "ApplicationName");
                errorTypes.add(dims.get(MetricNames.ERROR_TYPE));
            }
        }

        assertThat(errorTypes).containsExactlyInAnyOrderElementsOf(
                List.of(ErrorType.values()).stream().map(ErrorType::id).collect(Collectors.toList()));
    }

    @Test
    void anAlarmWatchesTheConsentDeniedMetricOfEveryReasonTheConsentGateEmits() {
        JsonNode alarm = alarmOn(MetricNames.CONSENT_DENIED);
        List<String> reasons = new ArrayList<>();
        for (JsonNode m : elements(alarm.at("/Properties/Metrics"))) {
            JsonNode metric = m.at("/MetricStat/Metric");
            if (!metric.isMissingNode()) {
                // the gate's counter carries a Reason dimension: a metric without it would never receive data
                assertThat(metric.path("Namespace").asText()).isEqualTo("AWS/KinesisAnalytics");
                Map<String, String> dims = dimensions(metric.get("Dimensions"));
                assertThat(dims).containsEntry("Application", "ApplicationName");
                reasons.add(dims.get(MetricNames.DENIAL_REASON));
            }
        }

        assertThat(reasons).containsExactlyInAnyOrderElementsOf(
                List.of(ConsentDenial.values()).stream().map(ConsentDenial::id).collect(Collectors.toList()));
        assertThat(alarm.at("/Properties/AlarmDescription").asText()).contains("consent");
    }

    @Test
    void theApplicationReadsTheConsentStreamTheStackCreates() {
        JsonNode groups = resources.findValue("EnvironmentProperties").path("PropertyGroups");
        JsonNode consent = elements(groups).stream()
                .filter(g -> "consent".equals(g.path("PropertyGroupId").asText())).findFirst().orElseThrow();

        assertThat(consent.at("/PropertyMap/stream/Ref").asText()).isEqualTo("ConsentStreamName");
    }

    @Test
    void everyAlarmNotifiesTheAlarmTopic() {
        assertThat(ofType("AWS::CloudWatch::Alarm")).hasSize(3).allSatisfy(a ->
                assertThat(elements(a.at("/Properties/AlarmActions"))).extracting(n -> n.path("Ref").asText())
                        .containsExactly("AlarmTopic"));
    }

    // ---------------------------------------------------------------- Glue and Athena

    @Test
    void theReadingsTableHasTheColumnsAndTypesOfTheParquetTheJobWrites() {
        JsonNode table = resources.at("/ReadingsTable/Properties/TableInput");
        Map<String, String> columns = new LinkedHashMap<>();
        for (JsonNode c : elements(table.at("/StorageDescriptor/Columns"))) {
            columns.put(c.path("Name").asText(), c.path("Type").asText());
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (Type field : ReadingWriteSupport.SCHEMA.getFields()) {
            expected.put(field.getName(), hiveType(field.asPrimitiveType()));
        }

        assertThat(table.path("Name").asText()).isEqualTo("readings");
        assertThat(columns).containsExactlyEntriesOf(expected);
        assertThat(table.at("/StorageDescriptor/SerdeInfo/SerializationLibrary").asText()).contains("parquet");
        assertThat(table.at("/StorageDescriptor/Location/Fn::Sub").asText()).isEqualTo("s3://${TransformedBucket}/readings/");
    }

    @Test
    void theReadingsTableProjectsThePartitionsOfTheDefaultTemplate() {
        JsonNode table = resources.at("/ReadingsTable/Properties/TableInput");
        JsonNode p = table.get("Parameters");
        String location = p.at("/storage.location.template/Fn::Sub").asText();
        // the job's default template, with Athena's projection variables in place of the timestamp patterns
        String projected = PartitionTemplate.DEFAULT_TEMPLATE
                .replace("!{timestamp:yyyy}", "${!year}").replace("!{timestamp:MM}", "${!month}")
                .replace("!{timestamp:dd}", "${!day}").replace("!{timestamp:HH}", "${!hour}");

        assertThat(elements(table.get("PartitionKeys"))).extracting(k -> k.path("Name").asText())
                .containsExactly("year", "month", "day", "hour");
        assertThat(p.path("projection.enabled").asText()).isEqualTo("true");
        for (String key : List.of("year", "month", "day", "hour")) {
            assertThat(p.path("projection." + key + ".type").asText()).as(key).isEqualTo("integer");
            assertThat(p.path("projection." + key + ".range").asText()).as(key).matches("\\d+,\\d+");
        }
        // the job writes zero-padded months, days and hours (MM, dd, HH)
        assertThat(List.of("month", "day", "hour")).allSatisfy(k ->
                assertThat(p.path("projection." + k + ".digits").asText()).isEqualTo("2"));
        assertThat(location).isEqualTo("s3://${TransformedBucket}/readings/" + projected);
    }

    @Test
    void athenaWritesItsResultsToTheQueryResultsBucketEncrypted() {
        JsonNode result = resources.at("/AthenaWorkGroup/Properties/WorkGroupConfiguration/ResultConfiguration");

        assertThat(result.at("/OutputLocation/Fn::Sub").asText()).startsWith("s3://${QueryResultsBucket}/");
        assertThat(result.at("/EncryptionConfiguration/EncryptionOption").asText()).isEqualTo("SSE_S3");
        assertThat(resources.at("/GlueDatabase/Type").asText()).isEqualTo("AWS::Glue::Database");
    }

    // ---------------------------------------------------------------- helpers

    static String hiveType(PrimitiveType t) {
        LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
            return "timestamp";
        }
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
            return "string";
        }
        switch (t.getPrimitiveTypeName()) {
            case DOUBLE:
                return "double";
            case BOOLEAN:
                return "boolean";
            case INT64:
                return "bigint";
            case INT32:
                return "int";
            default:
                throw new AssertionError("no Hive type for " + t);
        }
    }

    /** The template's property groups, flattened, with the values CloudFormation would fill in. */
    static Map<String, String> templatePropertyGroups() {
        JsonNode groups = single("AWS::KinesisAnalyticsV2::Application")
                .at("/Properties/ApplicationConfiguration/EnvironmentProperties/PropertyGroups");
        Map<String, String> flat = new LinkedHashMap<>();
        for (JsonNode group : elements(groups)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = group.get("PropertyMap").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flat.put(group.get("PropertyGroupId").asText() + "." + e.getKey(), resolve(e.getValue()));
            }
        }
        return flat;
    }

    /** A Ref or Fn::Sub resolved the way a stack would: parameter defaults, sample names for the resources. */
    static String resolve(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return valueOf(value.get("Ref").asText());
        }
        if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual()) {
            Matcher m = SUB_VARIABLE.matcher(value.get("Fn::Sub").asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(valueOf(m.group(1))));
            }
            m.appendTail(out);
            return out.toString();
        }
        throw new AssertionError("cannot resolve " + value);
    }

    static String valueOf(String name) {
        if (name.equals("AWS::Region")) {
            return "us-east-1";
        }
        JsonNode param = template.at("/Parameters/" + name);
        if (!param.isMissingNode()) {
            assertThat(param.has("Default")).as("parameter %s has a default", name).isTrue();
            return param.get("Default").asText();
        }
        assertThat(resources.has(name)).as("resource %s", name).isTrue();
        return physicalName(name);
    }

    /** What CloudFormation names a bucket whose template gives no name: stack, logical id, random suffix. */
    static String physicalName(String logicalId) {
        return "aq-lake-" + logicalId.toLowerCase(java.util.Locale.ROOT) + "-1a2b3c4d5e6f";
    }

    static void collectReferences(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (e.getKey().equals("Ref") && v.isTextual()) {
                    out.add(v.asText());
                } else if (e.getKey().equals("Fn::GetAtt") && v.isArray()) {
                    out.add(v.get(0).asText());
                } else if (e.getKey().equals("Fn::Sub") && v.isTextual()) {
                    Matcher m = SUB_VARIABLE.matcher(v.asText());
                    while (m.find()) {
                        out.add(m.group(1).split("\\.")[0]);
                    }
                } else {
                    collectReferences(v, out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectReferences(n, out));
        }
    }

    static List<JsonNode> ofType(String type) {
        List<JsonNode> out = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                out.add(e.getValue());
            }
        });
        return out;
    }

    static List<String> namesOfType(String type) {
        List<String> out = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    static JsonNode single(String type) {
        List<JsonNode> found = ofType(type);
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    static void forEachBucket(java.util.function.BiConsumer<String, JsonNode> check) {
        List<String> buckets = namesOfType("AWS::S3::Bucket");
        assertThat(buckets).isNotEmpty();
        buckets.forEach(name -> check.accept(name, resources.get(name)));
    }

    static List<JsonNode> elements(JsonNode array) {
        assertThat(array.isArray()).as("array: %s", array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).collect(Collectors.toList());
    }

    /** Every statement of the role, those of a condition ({@code Fn::If}) included. */
    static List<JsonNode> roleStatements() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode policy : elements(resources.at("/ApplicationRole/Properties/Policies"))) {
            for (JsonNode s : elements(policy.at("/PolicyDocument/Statement"))) {
                if (s.has("Fn::If")) {
                    elements(s.get("Fn::If")).stream().skip(1).filter(b -> b.has("Sid")).forEach(out::add);
                } else {
                    out.add(s);
                }
            }
        }
        return out;
    }

    static JsonNode statement(String sid) {
        return roleStatements().stream().filter(s -> sid.equals(s.path("Sid").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no role statement " + sid));
    }

    static List<String> actionsOf(JsonNode statement) {
        JsonNode a = statement.get("Action");
        return a.isArray() ? elements(a).stream().map(JsonNode::asText).collect(Collectors.toList()) : List.of(a.asText());
    }

    /**
     * Each resource of a statement as a readable string: "*", a literal ARN, "Logical.Attr" for a GetAtt,
     * the Fn::Sub text with "${Logical.Arn}" shortened to "Logical.Arn".
     */
    static List<String> resourcesOf(JsonNode statement) {
        JsonNode r = statement.get("Resource");
        assertThat(r).as("Resource of %s", statement.path("Sid").asText()).isNotNull();
        List<JsonNode> items = r.isArray() ? elements(r) : List.of(r);
        List<String> out = new ArrayList<>();
        for (JsonNode item : items) {
            if (item.isTextual()) {
                out.add(item.asText());
            } else if (item.has("Fn::GetAtt")) {
                out.add(item.get("Fn::GetAtt").get(0).asText() + "." + item.get("Fn::GetAtt").get(1).asText());
            } else if (item.has("Fn::Sub")) {
                out.add(item.get("Fn::Sub").asText().replaceAll("^\\$\\{([A-Za-z]+\\.Arn)}", "$1"));
            } else {
                throw new AssertionError("unexpected resource " + item);
            }
        }
        return out;
    }

    static JsonNode alarmOn(String metric) {
        List<JsonNode> alarms = ofType("AWS::CloudWatch::Alarm").stream()
                .filter(a -> metric.equals(a.at("/Properties/MetricName").asText())
                        || a.at("/Properties/Metrics").findValuesAsText("MetricName").contains(metric))
                .collect(Collectors.toList());
        assertThat(alarms).as("alarm on %s", metric).hasSize(1);
        return alarms.get(0);
    }

    static Map<String, String> dimensions(JsonNode dims) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode d : elements(dims)) {
            JsonNode v = d.get("Value");
            out.put(d.get("Name").asText(), v.isTextual() ? v.asText() : v.path("Ref").asText());
        }
        return out;
    }
}
