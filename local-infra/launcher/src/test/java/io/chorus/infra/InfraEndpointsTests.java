package io.chorus.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfraEndpointsTests {

    @TempDir
    Path temp;

    @Test
    void survivesAWriteAndReadRoundTrip() {
        InfraEndpoints endpoints = InfraEndpoints.loopback(6380, 9094, 9043);
        Path file = temp.resolve("endpoints.properties");

        endpoints.write(file);

        assertThat(InfraEndpoints.read(file)).isEqualTo(endpoints);
        assertThat(endpoints.cassandraContactPoint()).isEqualTo("127.0.0.1:9043");
        assertThat(endpoints.cassandraDatacenter()).isEqualTo("datacenter1");
        assertThat(endpoints.cassandraKeyspace()).isEqualTo("chorus");
    }
}
