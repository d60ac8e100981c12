package io.chorus.gateway.config;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Decodes each distinct token once: a token that the delegate accepted (signature, {@code exp}, {@code nbf},
 * {@code sub}) is remembered by its exact raw string until it expires, so the next request with the same
 * token skips parsing, the signature check and the claim validators. A client sends the same token on every
 * request for its whole lifetime, so nearly every request is a hit.
 *
 * <p>What stays the same as without the cache: only the exact string the delegate accepted hits (a single
 * changed character is a miss and is checked in full), an entry is never used at or after its {@code exp}
 * (checked on every hit, with no clock skew allowance) and refused tokens are never cached (a forged token
 * costs its full check every time). What a cache changes: a JWKS key that is withdrawn stops accepting new
 * tokens at once but not tokens already cached (they expire on their own, as they would in every service
 * holding a decoded token), which is why entries live at most {@code maxAge}.
 *
 * <p>Bounded: at {@code maxEntries} the expired entries are dropped, and if that frees nothing the cache is
 * emptied (a crude but O(1)-amortised bound; a gateway sees far fewer live tokens per second than that).
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final int maxEntries;
    private final long maxAgeMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Jwt jwt, Mono<Jwt> decoded, long validUntilMillis) {}

    CachingJwtDecoder(ReactiveJwtDecoder delegate, int maxEntries, java.time.Duration maxAge, Clock clock) {
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Entry entry = entries.get(token);
        if (entry != null) {
            if (clock.millis() < entry.validUntilMillis()) {
                return entry.decoded();
            }
            entries.remove(token, entry);
        }
        return delegate.decode(token).doOnNext(jwt -> remember(token, jwt));
    }

    private void remember(String token, Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return; // the validators require exp; never cache a token that could live forever
        }
        long now = clock.millis();
        long validUntil = Math.min(expiresAt.toEpochMilli(), now + maxAgeMillis);
        if (validUntil <= now) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(old -> old.validUntilMillis() <= now);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(token, new Entry(jwt, Mono.just(jwt), validUntil));
    }

    /** Entries held now (tests). */
    int size() {
        return entries.size();
    }
}
