package io.chorus.stream;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.chorus.test.arch.ChorusArchitectureRules;

@AnalyzeClasses(packages = "io.chorus", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule chorusRules = ChorusArchitectureRules.ALL;
}
