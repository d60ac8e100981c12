package io.chorus.infra.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateTests {

    @TempDir
    Path temp;

    @Test
    void replacesEveryPlaceholder() {
        assertThat(Template.render("a=${a} b=${b.c} a=${a}", Map.of("a", 1, "b.c", "$x\\y"), "t"))
                .isEqualTo("a=1 b=$x\\y a=1");
    }

    @Test
    void failsOnAPlaceholderWithoutValue() {
        assertThatThrownBy(() -> Template.render("${missing}", Map.of(), "t.yaml"))
                .hasMessageContaining("t.yaml")
                .hasMessageContaining("${missing}");
    }

    @Test
    void rendersTheCassandraConfigurationWithLoopbackAndTheGivenPorts() throws IOException {
        Path target = temp.resolve("conf/cassandra.yaml");

        Template.render("cassandra.yaml", Map.of("port", 19042, "storagePort", 17000, "runDir", temp), target);

        String yaml = Files.readString(target);
        assertThat(yaml)
                .contains("native_transport_port: 19042", "storage_port: 17000", "seeds: \"127.0.0.1:17000\"")
                .contains("listen_address: 127.0.0.1", "rpc_address: 127.0.0.1")
                .contains("commitlog_directory: \"" + temp + "/commitlog\"")
                .doesNotContain("${");
    }

    @Test
    void rendersTheKafkaConfigurationInCombinedModeOnLoopback() throws IOException {
        Path target = temp.resolve("server.properties");

        Template.render(
                "kafka-server.properties", Map.of("port", 19092, "controllerPort", 19093, "dataDir", temp), target);

        assertThat(Files.readString(target))
                .contains("process.roles=broker,controller")
                .contains("controller.quorum.voters=1@127.0.0.1:19093")
                .contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .contains("group.initial.rebalance.delay.ms=0")
                .doesNotContain("${");
    }
}
