package io.chorus.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class CachingJwtDecoderTests {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicInteger calls = new AtomicInteger();

    /** Accepts "good-*" tokens expiring 10 minutes from now, refuses everything else. */
    private final ReactiveJwtDecoder delegate = token -> {
        calls.incrementAndGet();
        if (!token.startsWith("good-")) {
            return Mono.error(new BadJwtException("bad"));
        }
        return Mono.just(Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .subject(token)
                .expiresAt(now.get().plus(Duration.ofMinutes(10)))
                .build());
    };

    @Test
    void anAcceptedTokenIsCheckedOnceUntilItExpires() {
        var decoder = new CachingJwtDecoder(delegate, 100, Duration.ofHours(1), clock);
        Jwt first = decoder.decode("good-a").block();
        Jwt second = decoder.decode("good-a").block();
        assertThat(second).isSameAs(first);
        assertThat(calls).hasValue(1);

        now.set(now.get().plus(Duration.ofMinutes(10))); // at exp: never served from the cache
        decoder.decode("good-a").block();
        assertThat(calls).hasValue(2);
    }

    @Test
    void entriesLiveAtMostMaxAge() {
        var decoder = new CachingJwtDecoder(delegate, 100, Duration.ofMinutes(1), clock);
        decoder.decode("good-a").block();
        now.set(now.get().plus(Duration.ofSeconds(61)));
        decoder.decode("good-a").block();
        assertThat(calls).hasValue(2);
    }

    @Test
    void refusedTokensAreNeverCached() {
        var decoder = new CachingJwtDecoder(delegate, 100, Duration.ofHours(1), clock);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        }
        assertThat(calls).hasValue(3);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void theCacheIsBounded() {
        var decoder = new CachingJwtDecoder(delegate, 10, Duration.ofHours(1), clock);
        for (int i = 0; i < 25; i++) {
            decoder.decode("good-" + i).block();
            assertThat(decoder.size()).isLessThanOrEqualTo(10);
        }
    }
}
