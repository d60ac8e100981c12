package io.chorus.loadgen.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceAddressesTests {

    @Test
    void listsAndRangesExpandInOrder() {
        SourceAddresses sources = SourceAddresses.parse(List.of("127.0.0.1-3", "127.0.1.9"));

        assertThat(sources.all())
                .extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.1.9");
    }

    @Test
    void connectionsAreSpreadRoundRobin() {
        SourceAddresses sources = SourceAddresses.parse(List.of("127.0.0.1-2"));

        assertThat(sources.forIndex(0).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(sources.forIndex(1).getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(sources.forIndex(50_001).getHostAddress()).isEqualTo("127.0.0.2");
    }

    @Test
    void hostNamesAndBadRangesAreRefused() {
        assertThatThrownBy(() -> SourceAddresses.parse(List.of("localhost")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourceAddresses.parse(List.of("127.0.0.5-2")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourceAddresses.parse(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
