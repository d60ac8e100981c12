package io.chorus.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliOptionsTests {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void upUsesTheWellKnownPortsAndTheRepositoryDataDirByDefault() {
        CliOptions options = CliOptions.parse(List.of("up"), ROOT);

        assertThat(options.command()).isEqualTo("up");
        LocalInfraSettings settings = options.settings();
        assertThat(settings.dataDir()).isEqualTo(Path.of("/repo/.chorus/infra"));
        assertThat(settings.redisPort()).isEqualTo(6379);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.cassandraPort()).isEqualTo(9042);
        assertThat(settings.reuseRunning()).isTrue();
        assertThat(settings.detached()).isFalse();
    }

    @Test
    void readsPortsDataDirAndDetach() {
        CliOptions options = CliOptions.parse(
                List.of(
                        "up",
                        "--data-dir",
                        "/data",
                        "--redis-port",
                        "7001",
                        "--kafka-port",
                        "7002",
                        "--cassandra-port",
                        "7003",
                        "--detach"),
                ROOT);

        LocalInfraSettings settings = options.settings();
        assertThat(settings.dataDir()).isEqualTo(Path.of("/data"));
        assertThat(settings.endpoints()).isEqualTo(InfraEndpoints.loopback(7001, 7002, 7003));
        assertThat(settings.detached()).isTrue();
        assertThat(settings.pidFile("kafka")).isEqualTo(Path.of("/data/kafka.pid"));
    }

    @Test
    void rejectsUnknownCommandsOptionsAndBadPorts() {
        assertThatThrownBy(() -> CliOptions.parse(List.of("start"), ROOT)).hasMessageContaining("unknown command");
        assertThatThrownBy(() -> CliOptions.parse(List.of("up", "--verbose", "x"), ROOT))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> CliOptions.parse(List.of("up", "--redis-port", "70000"), ROOT))
                .hasMessageContaining("port number");
        assertThatThrownBy(() -> CliOptions.parse(List.of("up", "--redis-port"), ROOT))
                .hasMessageContaining("needs a value");
    }
}
