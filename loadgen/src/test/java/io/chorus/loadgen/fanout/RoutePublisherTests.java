package io.chorus.loadgen.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutePublisherTests {

    @Test
    void theProblemCodeNamesARejection() {
        assertThat(
                        RoutePublisher.code(
                                "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"code\":\"rate_limited\"}"))
                .isEqualTo("rate_limited");
        assertThat(RoutePublisher.code("")).isEmpty();
    }
}
