package io.chorus.connection.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class ConnectionPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Enable.class);

    @Test
    void defaultsAreUsableWithoutAnyConfiguration() {
        runner.run(context -> {
            ConnectionProperties properties = context.getBean(ConnectionProperties.class);
            assertThat(properties.instanceId()).matches("cs-[0-9a-f]{8}");
            assertThat(properties.limits().maxFrameBytes()).isEqualTo(8192);
            assertThat(properties.limits().maxRoomsPerConnection()).isEqualTo(16);
            assertThat(properties.heartbeat().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.upstream().snapshotTimeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(properties.outbound().hopelessBytes()).isEqualTo(1_048_576);
            assertThat(properties.drain().batchSize()).isEqualTo(1000);
        });
    }

    @Test
    void overridesBindAndInvalidValuesStopTheStart() {
        runner.withPropertyValues(
                        "chorus.connection.instance-id=cs-7",
                        "chorus.connection.limits.max-frame-bytes=4096",
                        "chorus.connection.drain.time=5s")
                .run(context -> {
                    ConnectionProperties properties = context.getBean(ConnectionProperties.class);
                    assertThat(properties.instanceId()).isEqualTo("cs-7");
                    assertThat(properties.limits().maxFrameBytes()).isEqualTo(4096);
                    assertThat(properties.drain().time()).isEqualTo(Duration.ofSeconds(5));
                });
        runner.withPropertyValues("chorus.connection.limits.max-rooms-per-connection=0")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("chorus.connection.instance-id=has space")
                .run(context -> assertThat(context).hasFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ConnectionProperties.class)
    static class Enable {}
}
