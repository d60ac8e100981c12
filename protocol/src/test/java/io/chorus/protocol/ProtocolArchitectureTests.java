package io.chorus.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.chorus.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolArchitectureTests {

    @ArchTest
    static final ArchRule noSpring = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..")
            .because("the protocol is shared by services and clients and carries no framework");

    @ArchTest
    static final ArchRule onlyJacksonAnnotations = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("tools.jackson..", "com.fasterxml.jackson.databind..")
            .because("the protocol module depends on Jackson annotations only");
}
