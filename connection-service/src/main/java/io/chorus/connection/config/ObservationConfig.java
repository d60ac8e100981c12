package io.chorus.connection.config;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * No HTTP server observation for WebSocket upgrades: a {@code /ws} request lives as long as its connection,
 * and its observation (context, key values, active-request sample) would be held for hours by every
 * connection, several kilobytes each. Connections have their own meters ({@code chat.connection.*}).
 * (Spring Security's observations stay on: with {@code management.observations.enable.spring.security=false}
 * the upgraded session's handler was cancelled right after its first request, Spring Boot 4.0.7.)
 */
@Configuration(proxyBeanMethods = false)
class ObservationConfig {

    @Bean
    ObservationPredicate noObservationOfWebSocketUpgrades() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && "/ws".equals(server.getCarrier().getPath().value()));
    }
}
