package io.chorus.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class InfraModeTests {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;

    @Test
    void autoIsTheDefault() {
        assertThat(InfraMode.parse(null)).isEqualTo(InfraMode.AUTO);
        assertThat(InfraMode.parse(" ")).isEqualTo(InfraMode.AUTO);
    }

    @Test
    void autoPicksContainersWhenDockerAnswersAndLocalServersOtherwise() {
        assertThat(InfraMode.resolve("auto", DOCKER)).isEqualTo(InfraMode.CONTAINERS);
        assertThat(InfraMode.resolve(null, DOCKER)).isEqualTo(InfraMode.CONTAINERS);
        assertThat(InfraMode.resolve("auto", NO_DOCKER)).isEqualTo(InfraMode.LOCAL);
        assertThat(InfraMode.resolve("", NO_DOCKER)).isEqualTo(InfraMode.LOCAL);
    }

    @Test
    void anExplicitModeWinsAndDockerIsNotAsked() {
        AtomicInteger dockerQuestions = new AtomicInteger();
        BooleanSupplier countingDocker = () -> dockerQuestions.incrementAndGet() > 0;

        assertThat(InfraMode.resolve("local", countingDocker)).isEqualTo(InfraMode.LOCAL);
        assertThat(InfraMode.resolve("CONTAINERS", countingDocker)).isEqualTo(InfraMode.CONTAINERS);
        assertThat(InfraMode.resolve(" External ", countingDocker)).isEqualTo(InfraMode.EXTERNAL);
        assertThat(dockerQuestions).hasValue(0);
    }

    @Test
    void anUnknownModeIsAnErrorNotASilentDefault() {
        assertThatThrownBy(() -> InfraMode.resolve("embedded", DOCKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chorus.test.infra=embedded")
                .hasMessageContaining("auto, containers, local or external");
    }
}
