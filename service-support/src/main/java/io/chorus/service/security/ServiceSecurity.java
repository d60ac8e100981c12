package io.chorus.service.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The security chain every service shares: a bearer token on every request (checked by {@link ServiceJwtDecoder}),
 * roles from the token ({@link TokenRoles}), 401/403 as problem+json ({@link SecurityProblems}), no sessions (no
 * security context stored, no saved requests), forms or CSRF (the API is token-only). A service adds its own path rules:
 *
 * <pre>{@code
 * return ServiceSecurity.tokenOnly(http)
 *         .authorizeExchange(exchanges -> exchanges
 *                 .pathMatchers(ServiceSecurity.OPEN_ACTUATOR_PATHS).permitAll()
 *                 .pathMatchers("/actuator/**").hasRole("admin")
 *                 .anyExchange().authenticated())
 *         .build();
 * }</pre>
 */
public final class ServiceSecurity {

    /** Open for probes and scraping: the services' ports are internal (the gateway never routes to actuator). */
    public static final String[] OPEN_ACTUATOR_PATHS = {"/actuator/health/**", "/actuator/info", "/actuator/prometheus"
    };

    private ServiceSecurity() {}

    public static ServerHttpSecurity tokenOnly(ServerHttpSecurity http) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // stateless: every request carries its token. The default repository opens a WebSession per
                // request (a UUID made on boundedElastic, then a hop back): two thread switches each
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(SecurityProblems.entryPoint())
                        .accessDeniedHandler(SecurityProblems.accessDenied()))
                .oauth2ResourceServer(
                        server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(TokenRoles.converter()))
                                .authenticationEntryPoint(SecurityProblems.entryPoint())
                                .accessDeniedHandler(SecurityProblems.accessDenied()));
    }
}
