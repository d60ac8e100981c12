package io.chorus.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.Store;
import io.chorus.infra.process.Ports;
import io.chorus.infra.server.RedisPing;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Local mode starts each store's server on first need only, on ports fixed for the JVM, and stops what it started. */
class LocalServersIntegrationTests {

    @Test
    void startsOnlyTheStoresAskedForAndKeepsThePortsOfThoseStarted() {
        LocalServers servers = LocalServers.plan("lazy");
        try {
            InfraEndpoints redisOnly = servers.ensure(Set.of(Store.REDIS));

            assertThat(RedisPing.answers(redisOnly.redisHost(), redisOnly.redisPort()))
                    .isTrue();
            assertThat(kafkaAnswers(redisOnly)).isFalse();
            assertThat(Ports.isOpen(redisOnly.cassandraHost(), redisOnly.cassandraPort()))
                    .isFalse();

            InfraEndpoints withKafka = servers.ensure(Set.of(Store.REDIS, Store.KAFKA));

            // a started store keeps its port; a store's ports are chosen when it starts, below the ephemeral range
            assertThat(withKafka.redisPort()).isEqualTo(redisOnly.redisPort());
            int kafkaPort = Integer.parseInt(withKafka.kafkaBootstrapServers().split(":")[1]);
            assertThat(kafkaPort).isLessThan(Ports.ephemeralRangeStart());
            assertThat(kafkaAnswers(withKafka)).isTrue();
            assertThat(Ports.isOpen(withKafka.cassandraHost(), withKafka.cassandraPort()))
                    .isFalse();
        } finally {
            servers.close();
        }
        InfraEndpoints endpoints = servers.ensure(Set.of());
        assertThat(RedisPing.answers(endpoints.redisHost(), endpoints.redisPort()))
                .isFalse();
        assertThat(kafkaAnswers(endpoints)).isFalse();
    }

    private static boolean kafkaAnswers(InfraEndpoints endpoints) {
        String first = endpoints.kafkaBootstrapServers().split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        return Ports.isOpen(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }
}
