package org.aqlake.job;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Which package of the job may depend on which. The root package wires the graph and reads the config;
 * the feature packages provide the operators, functions and sinks it wires, and know neither; the state
 * classes ({@code model}) and the metric names ({@code metrics}) stand alone; the udfs know nothing of the
 * job. The tests are not checked; the tools live in a module that depends on the job, never the reverse.
 */
@AnalyzeClasses(packages = {"org.aqlake.job", "org.aqlake.udfs"},
        importOptions = {ImportOption.DoNotIncludeTests.class})
class ArchitectureTest {

    static final String ROOT = "org.aqlake.job";
    static final String CONFIG = "org.aqlake.job.config..";
    static final String[] FEATURES = {"org.aqlake.job.decode..", "org.aqlake.job.dedup..", "org.aqlake.job.consent..",
            "org.aqlake.job.aggregate..", "org.aqlake.job.sink..", "org.aqlake.job.source..", "org.aqlake.job.model..",
            "org.aqlake.job.metrics..", "org.aqlake.job.pipeline..",
            "org.aqlake.job.backfill.."};

    @ArchTest
    static final ArchRule theJobsPackagesHaveNoCycles = slices().matching("org.aqlake.job.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theFeaturePackagesDoNotReadTheConfig = noClasses()
            .that().resideInAnyPackage(FEATURES)
            .should().dependOnClassesThat().resideInAPackage(CONFIG)
            .because("the root package hands them typed settings or plain values");

    @ArchTest
    static final ArchRule theFeaturePackagesDoNotKnowTheGraph = noClasses()
            .that().resideInAnyPackage(FEATURES)
            .should().dependOnClassesThat().resideInAPackage(ROOT)
            .because("the root package wires the graph and gives every operator its uid");

    @ArchTest
    static final ArchRule theStateClassesDependOnNoOtherPackageOfTheJob = noClasses()
            .that().resideInAPackage("org.aqlake.job.model..")
            .should().dependOnClassesThat(resideInAPackage("org.aqlake.job..")
                    .and(not(resideInAPackage("org.aqlake.job.model.."))));

    @ArchTest
    static final ArchRule theMetricNamesDependOnNoOtherPackageOfTheJob = noClasses()
            .that().resideInAPackage("org.aqlake.job.metrics..")
            .should().dependOnClassesThat(resideInAPackage("org.aqlake.job..")
                    .and(not(resideInAPackage("org.aqlake.job.metrics.."))));

    @ArchTest
    static final ArchRule theUdfsKnowNothingOfTheJob = noClasses()
            .that().resideInAPackage("org.aqlake.udfs..")
            .should().dependOnClassesThat().resideInAPackage("org.aqlake.job..");
}
