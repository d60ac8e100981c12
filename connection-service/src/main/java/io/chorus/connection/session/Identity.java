package io.chorus.connection.session;

import io.chorus.protocol.ConnectTicket;
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
        return of(jwt, jwt.getExpiresAt() == null ? Instant.MAX : jwt.getExpiresAt());
    }

    /**
     * The identity a connect ticket carries: the socket lives until the access token the ticket was issued for
     * expires ({@code session_exp}), not until the ticket's own short expiry.
     */
    public static Identity ofTicket(Jwt ticket) {
        Object sessionEnd = ticket.getClaims().get(ConnectTicket.SESSION_EXPIRY);
        Instant expiresAt = sessionEnd instanceof Number seconds
                ? Instant.ofEpochSecond(seconds.longValue())
                : sessionEnd instanceof Instant instant ? instant : ticket.getExpiresAt();
        return of(ticket, expiresAt == null ? Instant.MAX : expiresAt);
    }

    private static Identity of(Jwt jwt, Instant expiresAt) {
        String name = jwt.getClaimAsString("name");
        List<String> roles = jwt.getClaimAsStringList("roles");
        return new Identity(
                jwt.getSubject(),
                name == null || name.isBlank() ? jwt.getSubject() : name,
                roles == null ? List.of() : List.copyOf(roles),
                expiresAt);
    }
}
