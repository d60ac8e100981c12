package io.chorus.test.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Architecture rules every Chorus module checks from its own {@code ArchitectureTests}. Import main code only, or the
 * no-blocking rule also flags tests, where {@code block()} is fine:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "io.chorus", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTests {
 *     @ArchTest
 *     static final ArchRule chorusRules = ChorusArchitectureRules.ALL;
 * }
 * }</pre>
 *
 * Every rule passes on a module that has no classes it applies to.
 */
public final class ChorusArchitectureRules {

    /** The service packages below {@code io.chorus}: each service's code lives in exactly one. */
    public static final List<String> SERVICE_PACKAGES =
            List.of("gateway", "connection", "room", "group", "gift", "presence");

    private static final String MONO = "reactor.core.publisher.Mono";
    private static final String FLUX = "reactor.core.publisher.Flux";

    /** No cycles between the top-level packages {@code io.chorus.<module>}. */
    public static final ArchRule NO_CYCLES_BETWEEN_MODULES = slices().matching("io.chorus.(*)..")
            .should()
            .beFreeOfCycles()
            .allowEmptyShould(true)
            .as("no package cycles between io.chorus.<module> packages");

    /** No cycles between the feature packages of a module, {@code io.chorus.<module>.<feature>}. */
    public static final ArchRule NO_CYCLES_BETWEEN_FEATURES = slices().matching("io.chorus.(*).(*)..")
            .should()
            .beFreeOfCycles()
            .allowEmptyShould(true)
            .as("no package cycles between io.chorus.<module>.<feature> packages");

    /** Reactive code never blocks: no {@code Mono.block*()} or {@code Flux.block*()} in main code. */
    public static final ArchRule NO_BLOCKING_CALLS = noClasses()
            .should()
            .callMethodWhere(blockingReactorCall())
            .allowEmptyShould(true)
            .as("no Mono.block*() or Flux.block*() in main code");

    /** The protocol module stays free of Spring: clients and tools use it without a container. */
    public static final ArchRule NO_SPRING_IN_PROTOCOL = noClasses()
            .that()
            .resideInAPackage("io.chorus.protocol..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.springframework..")
            .allowEmptyShould(true)
            .as("io.chorus.protocol does not depend on Spring");

    /** Services talk over the network and the protocol module, never through each other's classes. */
    public static final ArchRule NO_SERVICE_DEPENDS_ON_ANOTHER =
            CompositeArchRule.of(serviceIsolationRules()).as("no service depends on another service's package");

    /** Every rule above. */
    public static final ArchRule ALL = CompositeArchRule.of(NO_CYCLES_BETWEEN_MODULES)
            .and(NO_CYCLES_BETWEEN_FEATURES)
            .and(NO_BLOCKING_CALLS)
            .and(NO_SPRING_IN_PROTOCOL)
            .and(NO_SERVICE_DEPENDS_ON_ANOTHER)
            .as("Chorus architecture rules");

    private ChorusArchitectureRules() {}

    private static DescribedPredicate<JavaMethodCall> blockingReactorCall() {
        return DescribedPredicate.describe(
                "a blocking Mono/Flux method",
                call -> Set.of(MONO, FLUX).contains(call.getTargetOwner().getName())
                        && call.getName().startsWith("block"));
    }

    private static List<ArchRule> serviceIsolationRules() {
        List<ArchRule> rules = new ArrayList<>();
        for (String service : SERVICE_PACKAGES) {
            String[] others = SERVICE_PACKAGES.stream()
                    .filter(other -> !other.equals(service))
                    .map(other -> "io.chorus." + other + "..")
                    .toArray(String[]::new);
            rules.add(noClasses()
                    .that()
                    .resideInAPackage("io.chorus." + service + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .allowEmptyShould(true)
                    .as("io.chorus." + service + " does not depend on another service"));
        }
        return rules;
    }
}
