package org.aqlake.job.deploy;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.aqlake.job.deploy.CloudFormationTemplateTest.actionsOf;
import static org.aqlake.job.deploy.CloudFormationTemplateTest.elements;
import static org.aqlake.job.deploy.CloudFormationTemplateTest.physicalName;
import static org.aqlake.job.deploy.CloudFormationTemplateTest.resourcesOf;
import static org.aqlake.job.deploy.CloudFormationTemplateTest.statement;
import static org.aqlake.job.deploy.CloudFormationTemplateTest.templatePropertyGroups;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template with {@code LakeFormat=ICEBERG}: the job's Iceberg tables in the stack's Glue database, the
 * role allowed exactly the Glue calls of Iceberg's GlueCatalog and GlueTableOperations (1.10: GetDatabase for
 * the namespace and the table's default location, GetTable on each refresh, CreateTable once, UpdateTable per
 * commit with the table's VersionId; no CreateDatabase, since the stack creates the database, and no
 * DeleteTable, which only Lake Formation's mode calls), and S3 on the warehouse prefix.
 */
class CloudFormationIcebergTest {

    static final List<String> ICEBERG_STATEMENTS =
            List.of("UseTheIcebergTablesInGlue", "ListTheIcebergWarehouse", "WriteTheIcebergWarehouse");
    static final String GLUE_ARN = "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}";

    static JsonNode template;

    @BeforeAll
    static void parseTheTemplate() throws IOException {
        CloudFormationTemplateTest.parseTheTemplate();
        template = CloudFormationTemplateTest.template;
    }

    @Test
    void theLakeFormatIsAParameterParquetByDefaultThatTheJobReads() {
        JsonNode p = template.at("/Parameters/LakeFormat");

        assertThat(p.path("Default").asText()).isEqualTo("PARQUET");
        assertThat(elements(p.get("AllowedValues"))).extracting(JsonNode::asText).containsExactly("PARQUET", "ICEBERG");
        assertThat(templatePropertyGroups()).containsEntry("lake.format", "PARQUET");
        assertThat(template.at("/Conditions/IsIceberg/Fn::Equals/1").asText()).isEqualTo("ICEBERG");
        assertThat(template.at("/Conditions/IsParquet/Fn::Equals/1").asText()).isEqualTo("PARQUET");
    }

    @Test
    void withIcebergTheJobBuildsTheGlueCatalogOverTheWarehousePrefixInTheStacksDatabase() {
        Map<String, String> flat = templatePropertyGroups();
        flat.put("lake.format", "ICEBERG"); // the parameter's other value

        IcebergTables tables = JobConfig.from(flat).iceberg.orElseThrow();

        assertThat(flat).containsEntry("iceberg.catalog-type", "GLUE");
        assertThat(tables.catalogProperties()).containsEntry("warehouse",
                "s3://" + physicalName("TransformedBucket") + "/iceberg")
                .containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("client.region", "us-east-1");
        assertThat(tables.database()).isEqualTo(template.at("/Parameters/GlueDatabaseName/Default").asText());
        assertThat(template.at("/Resources/GlueDatabase/Properties/DatabaseInput/Name/Ref").asText())
                .isEqualTo("GlueDatabaseName");
        assertThat(template.at("/Resources/GlueDatabase").has("Condition")).as("the database exists in either format")
                .isFalse();
    }

    @Test
    void theHiveReadingsTableIsCreatedOnlyWithParquetSinceTheJobCreatesTheIcebergTableOfThatName() {
        assertThat(template.at("/Resources/ReadingsTable/Condition").asText()).isEqualTo("IsParquet");
    }

    @Test
    void onlyWithIcebergDoesTheRoleGetGlueAndWarehouseStatements() {
        List<String> conditional = new ArrayList<>();
        for (JsonNode s : elements(template.at("/Resources/ApplicationRole/Properties/Policies/0/PolicyDocument/Statement"))) {
            if (s.has("Fn::If")) {
                assertThat(s.at("/Fn::If/0").asText()).isEqualTo("IsIceberg");
                assertThat(s.at("/Fn::If/2/Ref").asText()).isEqualTo("AWS::NoValue");
                conditional.add(s.at("/Fn::If/1/Sid").asText());
            } else {
                assertThat(actionsOf(s)).as(s.path("Sid").asText()).noneMatch(a -> a.startsWith("glue:"));
            }
        }
        assertThat(conditional).containsExactlyInAnyOrderElementsOf(ICEBERG_STATEMENTS);
    }

    @Test
    void theRoleMayMakeOnlyTheGlueCallsOfIcebergsGlueCatalogOnTheCatalogTheDatabaseAndItsTables() {
        JsonNode glue = statement("UseTheIcebergTablesInGlue");

        assertThat(actionsOf(glue)).containsExactlyInAnyOrder("glue:GetDatabase", "glue:GetTable", "glue:CreateTable",
                "glue:UpdateTable");
        assertThat(resourcesOf(glue)).containsExactlyInAnyOrder(GLUE_ARN + ":catalog",
                GLUE_ARN + ":database/${GlueDatabaseName}", GLUE_ARN + ":table/${GlueDatabaseName}/*");
    }

    @Test
    void theRoleReadsWritesAndListsOnlyTheWarehousePrefixThatTheJobIsGiven() {
        JsonNode write = statement("WriteTheIcebergWarehouse");
        JsonNode list = statement("ListTheIcebergWarehouse");
        JsonNode warehouse = elements(template.at("/Resources/Application/Properties/ApplicationConfiguration"
                + "/EnvironmentProperties/PropertyGroups")).stream()
                .filter(g -> "iceberg".equals(g.path("PropertyGroupId").asText())).findFirst().orElseThrow()
                .at("/PropertyMap/warehouse/Fn::Sub");

        assertThat(warehouse.asText()).isEqualTo("s3://${TransformedBucket}/${IcebergWarehousePrefix}");
        // S3FileIO: reads, writes (multipart included) and deletes objects; lists the prefix (orphan-file removal)
        assertThat(actionsOf(write)).containsExactlyInAnyOrder("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                "s3:AbortMultipartUpload");
        assertThat(resourcesOf(write)).containsExactly("TransformedBucket.Arn/${IcebergWarehousePrefix}/*");
        assertThat(actionsOf(list)).containsExactly("s3:ListBucket");
        assertThat(resourcesOf(list)).containsExactly("TransformedBucket.Arn");
        assertThat(elements(list.at("/Condition/StringLike/s3:prefix")).stream()
                .map(p -> p.path("Fn::Sub").asText()).collect(Collectors.toList()))
                .containsExactly("${IcebergWarehousePrefix}/*");
    }
}
