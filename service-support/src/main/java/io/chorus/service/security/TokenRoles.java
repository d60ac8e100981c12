package io.chorus.service.security;

import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import reactor.core.publisher.Mono;

/** Roles come from the token's {@code roles} claim, as authorities {@code ROLE_<role>}; the name is {@code sub}. */
public final class TokenRoles {

    private TokenRoles() {}

    public static Converter<Jwt, Mono<AbstractAuthenticationToken>> converter() {
        return new ReactiveJwtAuthenticationConverterAdapter(
                jwt -> new JwtAuthenticationToken(jwt, authorities(jwt), jwt.getSubject()));
    }

    public static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        if (roles == null) {
            return List.of();
        }
        return roles.stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
    }
}
