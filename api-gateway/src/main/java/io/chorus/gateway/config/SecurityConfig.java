package io.chorus.gateway.config;

import io.chorus.gateway.problem.Problems;
import io.chorus.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import reactor.core.publisher.Mono;

/**
 * The edge checks every token before routing: the Bearer header for REST, and for {@code /ws} only also the
 * {@code access_token} query parameter (browsers cannot set headers on a WebSocket). A token needs
 * {@code sub} and {@code exp}; roles come from the {@code roles} claim as {@code ROLE_<role>}. The
 * Authorization header travels on downstream, where each service checks it again.
 *
 * <p>Actuator lives on the management port: health and info are open, {@code prometheus} needs role
 * {@code admin} or {@code metrics} (a scraper's token), every other endpoint role {@code admin}. The development
 * token endpoint is open only in the {@code local} profile.
 *
 * <p>Spring Security's firewall refuses hostile paths (encoded slashes and dots, {@code ..} segments,
 * backslashes, {@code ;}, NUL) before routing; the refusal is a 400 problem+json like every other answer.
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

    static final String WEBSOCKET_PATH = "/ws";
    static final String DEV_TOKEN_PATH = "/api/dev/token";

    /**
     * The role of a scraper's token (Prometheus in Kubernetes): it may read {@code /actuator/prometheus} on the
     * management port and nothing else there.
     */
    static final String METRICS_ROLE = "metrics";

    /**
     * Distinct accepted tokens remembered at once: each is checked once, then recognised by its exact string
     * until it expires ({@link CachingJwtDecoder}).
     */
    static final int DECODED_TOKENS = 10_000;

    /** No decoded token is trusted from the cache for longer than this, whatever its {@code exp}. */
    static final Duration DECODED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

    @Bean
    SecurityWebFilterChain securityFilterChain(
            ServerHttpSecurity http, SecurityProblems problems, Environment environment, GatewayProperties gateway) {
        boolean local = environment.acceptsProfiles(Profiles.of("local"));
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .cors(cors -> cors.configurationSource(corsSource(gateway.cors())))
                .authorizeExchange(exchanges -> {
                    exchanges
                            .matchers(EndpointRequest.to("health", "info"))
                            .permitAll()
                            .matchers(EndpointRequest.to("prometheus"))
                            .hasAnyRole("admin", METRICS_ROLE)
                            .matchers(EndpointRequest.toAnyEndpoint())
                            .hasRole("admin");
                    if (local) {
                        exchanges.pathMatchers(HttpMethod.POST, DEV_TOKEN_PATH).permitAll();
                    }
                    exchanges.anyExchange().authenticated();
                })
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems::unauthorized)
                        .accessDeniedHandler(problems::forbidden))
                .oauth2ResourceServer(server -> server.bearerTokenConverter(tokenConverter())
                        .authenticationEntryPoint(problems::unauthorized)
                        .accessDeniedHandler(problems::forbidden)
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesConverter())))
                .build();
    }

    /** A request the firewall refused: 400 problem+json {@code bad_request} rather than a plain-text body. */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler(Problems problems) {
        return (exchange, rejected) -> problems.write(
                exchange,
                HttpStatus.BAD_REQUEST,
                ErrorCode.BAD_REQUEST,
                "the request was refused: the path or a header is not allowed");
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(JwtProperties properties) {
        NimbusReactiveJwtDecoder decoder;
        if (properties.usesJwks()) {
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(
                            properties.jwkSetUri().toString())
                    .jwsAlgorithm(SignatureAlgorithm.RS256)
                    .build();
        } else {
            var key = new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            decoder = NimbusReactiveJwtDecoder.withSecretKey(key)
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefault(),
                new JwtClaimValidator<Instant>("exp", Objects::nonNull),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank())));
        return new CachingJwtDecoder(decoder, DECODED_TOKENS, DECODED_TOKEN_MAX_AGE, Clock.systemUTC());
    }

    /** The query parameter is accepted on the WebSocket path alone: tokens in REST URLs leak into logs. */
    private static ServerAuthenticationConverter tokenConverter() {
        var headerOnly = new ServerBearerTokenAuthenticationConverter();
        var headerOrQuery = new ServerBearerTokenAuthenticationConverter();
        headerOrQuery.setAllowUriQueryParameter(true);
        return exchange -> WEBSOCKET_PATH.equals(exchange.getRequest().getPath().value())
                ? headerOrQuery.convert(exchange)
                : headerOnly.convert(exchange);
    }

    private static CorsConfigurationSource corsSource(GatewayProperties.Cors cors) {
        var config = new CorsConfiguration();
        config.setAllowedOrigins(cors.allowedOrigins());
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
        config.setExposedHeaders(List.of("Retry-After", "Location"));
        config.setMaxAge(cors.maxAge());
        var source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    private static Converter<Jwt, Mono<AbstractAuthenticationToken>> rolesConverter() {
        return new ReactiveJwtAuthenticationConverterAdapter(
                jwt -> new JwtAuthenticationToken(jwt, authorities(jwt), jwt.getSubject()));
    }

    private static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        if (roles == null) {
            return List.of();
        }
        return roles.stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
    }
}
