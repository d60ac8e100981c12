package io.chorus.room.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomPropertiesTests {

    @Test
    void everySettingHasADefault() {
        RoomProperties properties = TestProperties.defaults();

        assertThat(properties.aggregation().window()).isEqualTo(Duration.ofMillis(50));
        assertThat(properties.aggregation().maxBatchSize()).isEqualTo(100);
        assertThat(properties.budget().perSecond()).isEqualTo(20);
        assertThat(properties.chat().maxLength()).isEqualTo(500);
        assertThat(properties.history().size()).isEqualTo(50);
        assertThat(properties.rateLimit().capacity()).isEqualTo(5);
        assertThat(properties.moderation().blockedWords()).isEmpty();
        assertThat(properties.presence().timeout()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void overridesBind() {
        RoomProperties properties = TestProperties.of(Map.of(
                "chorus.room.budget.per-second", "5",
                "chorus.room.moderation.blocked-words[0]", "spam",
                "chorus.room.aggregation.window", "20ms"));

        assertThat(properties.budget().perSecond()).isEqualTo(5);
        assertThat(properties.moderation().blockedWords()).containsExactly("spam");
        assertThat(properties.aggregation().window()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void burstIsAFractionOfTheBudgetAndAtLeastOne() {
        RoomProperties.Budget budget = TestProperties.defaults().budget();

        assertThat(budget.burst(20)).isEqualTo(5);
        assertThat(budget.burst(1)).isEqualTo(1);
        assertThat(budget.burst(1000)).isEqualTo(250);
    }

    @Test
    void aWindowOutsideOneMillisecondToOneSecondIsRefused() {
        assertThatThrownBy(() -> TestProperties.of(Map.of("chorus.room.aggregation.window", "5s")))
                .hasStackTraceContaining("chorus.room.aggregation.window must be within 1ms..1s");
    }
}
