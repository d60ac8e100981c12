package io.chorus.presence.config;

import io.chorus.service.security.ServiceSecurity;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every request carries a token, checked again behind the gateway (the shared {@link ServiceSecurity} chain: HS256
 * with the platform secret, or the identity provider's RS256 keys when {@code chorus.jwt.jwk-set-uri} is set; no
 * session per request); roles come from the token's {@code roles} claim. {@code /internal/**} needs role
 * {@code service}. Health, info and Prometheus are open for probes and scraping; the other actuator endpoints need
 * role {@code admin}. 401 and 403 are problem+json with a {@code code}.
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http) {
        return ServiceSecurity.tokenOnly(http)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(ServiceSecurity.OPEN_ACTUATOR_PATHS)
                        .permitAll()
                        .pathMatchers("/actuator/**")
                        .hasRole("admin")
                        .pathMatchers("/internal/**")
                        .hasRole("service")
                        .anyExchange()
                        .authenticated())
                .build();
    }
}
