package io.chorus.group.config;

import io.chorus.service.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every request carries a token, checked again behind the gateway (the shared {@link ServiceSecurity} chain: HS256
 * with the platform secret, or the identity provider's RS256 keys when {@code chorus.jwt.jwk-set-uri} is set); roles
 * come from the token's {@code roles} claim. Health, info and Prometheus are open for probes and scraping; the
 * other actuator endpoints need role {@code admin}. 401 and 403 are problem+json with a {@code code}.
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

    @Bean
    SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http) {
        return ServiceSecurity.tokenOnly(http)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(ServiceSecurity.OPEN_ACTUATOR_PATHS)
                        .permitAll()
                        .pathMatchers("/actuator/**")
                        .hasRole("admin")
                        .anyExchange()
                        .authenticated())
                .build();
    }
}
