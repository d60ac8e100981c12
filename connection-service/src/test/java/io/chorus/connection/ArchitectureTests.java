package io.chorus.connection;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.chorus.test.arch.ChorusArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The shared Chorus rules on this module's main code. Checked from a plain Jupiter test: with JUnit
 * Platform 6 the ArchUnit engine's {@code @ArchTest} fields were not discovered here (0 tests run).
 */
class ArchitectureTests {

    @Test
    void chorusRules() {
        ChorusArchitectureRules.ALL.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.chorus"));
    }
}
