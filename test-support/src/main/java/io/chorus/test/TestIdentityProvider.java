package io.chorus.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * An identity provider for tests of RS256 tokens: an RSA key pair, its public JWKS served over real HTTP on
 * loopback ({@link #jwksUri()}), and tokens signed with it. {@link #stranger()} signs with another key of the same
 * id, which a service must refuse.
 */
public final class TestIdentityProvider implements AutoCloseable {

    private final RSAKey key;
    private final HttpServer server;

    private TestIdentityProvider(RSAKey key, HttpServer server) {
        this.key = key;
        this.server = server;
    }

    /** Starts the JWKS endpoint on a free loopback port. */
    public static TestIdentityProvider start() {
        RSAKey key = generate("test-provider-1");
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return new TestIdentityProvider(key, server);
        } catch (IOException e) {
            throw new UncheckedIOException("the test identity provider did not start", e);
        }
    }

    public URI jwksUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    /** An RS256 token of this provider, valid for five minutes. */
    public String token(String user, String... roles) {
        return sign(key, user, List.of(roles), Instant.now().plus(Duration.ofMinutes(5)));
    }

    /** An RS256 token of this provider that expired a minute ago. */
    public String expired(String user) {
        return sign(key, user, List.of(), Instant.now().minus(Duration.ofMinutes(1)));
    }

    /** A token signed by another key under this provider's key id. */
    public String stranger(String user, String... roles) {
        return sign(
                generate(key.getKeyID()), user, List.of(roles), Instant.now().plus(Duration.ofMinutes(5)));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String sign(RSAKey key, String user, List<String> roles, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .claim("name", user)
                .claim("roles", roles)
                .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("test token not signed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
