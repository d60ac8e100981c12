package io.chorus.test.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.chorus.gift.archsample.GiftSample;
import io.chorus.group.cyclea.CycleA;
import io.chorus.group.cycleb.CycleB;
import io.chorus.presence.archsample.BlockingSample;
import io.chorus.protocol.archsample.SpringSample;
import io.chorus.room.archsample.RoomSample;
import org.junit.jupiter.api.Test;

class ChorusArchitectureRulesTests {

    @Test
    void cleanCodePassesEveryRule() {
        assertThat(evaluate(ChorusArchitectureRules.ALL, RoomSample.class).hasViolation())
                .isFalse();
    }

    @Test
    void aServiceUsingAnotherServicesClassIsFlagged() {
        EvaluationResult result =
                evaluate(ChorusArchitectureRules.NO_SERVICE_DEPENDS_ON_ANOTHER, GiftSample.class, RoomSample.class);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("GiftSample", "RoomSample");
    }

    @Test
    void aCycleBetweenFeaturePackagesIsFlagged() {
        EvaluationResult result =
                evaluate(ChorusArchitectureRules.NO_CYCLES_BETWEEN_FEATURES, CycleA.class, CycleB.class);

        assertThat(result.hasViolation()).isTrue();
    }

    @Test
    void blockingOnMonoOrFluxIsFlagged() {
        EvaluationResult result = evaluate(ChorusArchitectureRules.NO_BLOCKING_CALLS, BlockingSample.class);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("Mono.block"))
                .anySatisfy(line -> assertThat(line).contains("Flux.blockFirst"));
    }

    @Test
    void springInTheProtocolModuleIsFlagged() {
        assertThat(evaluate(ChorusArchitectureRules.NO_SPRING_IN_PROTOCOL, SpringSample.class)
                        .hasViolation())
                .isTrue();
    }

    @Test
    void everyRulePassesOnAModuleWithoutMatchingClasses() {
        assertThat(evaluate(ChorusArchitectureRules.ALL, ChorusArchitectureRulesTests.class)
                        .hasViolation())
                .isFalse();
    }

    private static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        return rule.evaluate(imported);
    }
}
