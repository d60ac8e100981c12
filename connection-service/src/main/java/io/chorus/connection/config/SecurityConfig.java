package io.chorus.connection.config;

import io.chorus.service.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The service's HTTP endpoints (actuator, admin) check the token like every service (the shared
 * {@link ServiceSecurity} chain: HS256 with the platform secret, or the identity provider's RS256 keys when
 * {@code chorus.jwt.jwk-set-uri} is set). The {@code /ws} upgrade is checked before it reaches this chain, in the
 * lean WebSocket route, with the same rules ({@code ServiceJwtDecoder.blocking}). Health, info and Prometheus are
 * open for probes and scraping; the other actuator endpoints need role {@code admin}.
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

    @Bean
    SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http) {
        return ServiceSecurity.tokenOnly(http)
                .oauth2ResourceServer(server -> server.bearerTokenConverter(bearerTokenConverter()))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(ServiceSecurity.OPEN_ACTUATOR_PATHS)
                        .permitAll()
                        .pathMatchers("/actuator/**")
                        .hasRole("admin")
                        .anyExchange()
                        .authenticated())
                .build();
    }

    /** Browsers cannot set headers on a WebSocket: the token may also come as {@code ?access_token=}. */
    private static ServerBearerTokenAuthenticationConverter bearerTokenConverter() {
        ServerBearerTokenAuthenticationConverter converter = new ServerBearerTokenAuthenticationConverter();
        converter.setAllowUriQueryParameter(true);
        return converter;
    }
}
