package io.chorus.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTests {

    @Test
    void readsValuesFlagsAndDefaults() {
        Args args = Args.parse(
                List.of("--connections", "50000", "--hold=90s", "--compression", "--sources", "127.0.0.1, 127.0.0.2"));

        assertThat(args.integer("connections", 1)).isEqualTo(50_000);
        assertThat(args.duration("hold", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(args.flag("compression", false)).isTrue();
        assertThat(args.list("sources", "")).containsExactly("127.0.0.1", "127.0.0.2");
        assertThat(args.decimal("max-loss", 0.01)).isEqualTo(0.01);
        args.requireAllRead();
    }

    @Test
    void durationsTakeUnits() {
        assertThat(Args.toDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Args.toDuration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Args.toDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Args.toDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Args.toDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Args.toDuration("10")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anOptionNobodyReadIsATypo() {
        Args args = Args.parse(List.of("--viewrs", "10"));
        args.integer("viewers", 1);

        assertThatThrownBy(args::requireAllRead)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("viewrs");
    }

    @Test
    void badValuesNameTheOption() {
        Args args = Args.parse(List.of("--connections", "many"));

        assertThatThrownBy(() -> args.integer("connections", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--connections");
        assertThatThrownBy(() -> Args.parse(List.of("connections"))).isInstanceOf(IllegalArgumentException.class);
    }
}
