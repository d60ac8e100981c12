package io.chorus.connection.session;

import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is on a connection, as established by the JWT at the handshake.
 *
 * @param user the user id ({@code sub})
 * @param name the display name ({@code name}, else the user id)
 * @param roles the roles ({@code roles}, possibly empty)
 * @param expiresAt when the token expires; the connection is closed with 4001 then
 */
public record Identity(String user, String name, List<String> roles, Instant expiresAt) {

    public static Identity of(Jwt jwt) {
        String name = jwt.getClaimAsString("name");
        List<String> roles = jwt.getClaimAsStringList("roles");
        Instant expiresAt = jwt.getExpiresAt() == null ? Instant.MAX : jwt.getExpiresAt();
        return new Identity(
                jwt.getSubject(),
                name == null || name.isBlank() ? jwt.getSubject() : name,
                roles == null ? List.of() : List.copyOf(roles),
                expiresAt);
    }
}
