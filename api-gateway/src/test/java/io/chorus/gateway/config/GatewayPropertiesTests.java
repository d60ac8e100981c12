package io.chorus.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class GatewayPropertiesTests {

    private final Validator validator =
            Validation.buildDefaultValidatorFactory().getValidator();

    private GatewayProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("chorus.gateway", GatewayProperties.class);
    }

    @Test
    void defaultsAreValidAndDocumented() {
        GatewayProperties properties = bind(Map.of());
        assertThat(validator.validate(properties)).isEmpty();
        assertThat(properties.rateLimit().replenishRate()).isEqualTo(20);
        assertThat(properties.rateLimit().burstCapacity()).isEqualTo(40);
        assertThat(properties.maxBodySize().toKilobytes()).isEqualTo(64);
        assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.cors().allowedOrigins()).isEmpty();
        assertThat(properties.devToken().ttl()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void retryAfterIsTheTimeToEarnOneRequestBack() {
        assertThat(rateLimit(20, 40, 1).retryAfterSeconds()).isEqualTo(1);
        assertThat(rateLimit(1, 10, 5).retryAfterSeconds()).isEqualTo(5);
        assertThat(rateLimit(2, 10, 3).retryAfterSeconds()).isEqualTo(2);
    }

    @Test
    void incoherentSettingsAreRefused() {
        assertThat(validator.validate(bind(Map.of(
                        "chorus.gateway.rate-limit.replenish-rate", "50",
                        "chorus.gateway.rate-limit.burst-capacity", "10"))))
                .extracting(v -> v.getMessage())
                .anyMatch(message -> message.contains("burst-capacity"));
        assertThat(validator.validate(bind(Map.of("chorus.gateway.cors.allowed-origins", "*"))))
                .isNotEmpty();
        assertThat(validator.validate(bind(Map.of("chorus.gateway.max-body-size", "64MB"))))
                .isNotEmpty();
        assertThat(validator.validate(bind(Map.of("chorus.gateway.request-timeout", "0s"))))
                .isNotEmpty();
        assertThat(validator.validate(bind(Map.of("chorus.gateway.rate-limit.replenish-rate", "0"))))
                .isNotEmpty();
    }

    @Test
    void jwtNeedsALongSecretOrAJwksAndNeverPrintsTheSecret() {
        String secret = "a-secret-that-is-long-enough-0123456789";
        assertThat(validator.validate(new JwtProperties(secret, null))).isEmpty();
        assertThat(validator.validate(new JwtProperties("short", null))).isNotEmpty();
        assertThat(validator.validate(new JwtProperties("", null))).isNotEmpty();
        assertThat(validator.validate(new JwtProperties("", URI.create("https://idp.example/jwks"))))
                .isEmpty();
        assertThat(new JwtProperties(secret, null).toString())
                .doesNotContain(secret)
                .contains("******");
    }

    private static GatewayProperties.RateLimit rateLimit(int replenishRate, int burstCapacity, int requestedTokens) {
        return new GatewayProperties.RateLimit(
                replenishRate,
                burstCapacity,
                requestedTokens,
                GatewayProperties.RateLimit.WhenUnavailable.ALLOW,
                java.time.Duration.ofSeconds(1),
                1,
                java.time.Duration.ofSeconds(1));
    }

    @Test
    void aLeaseFitsInTheBurst() {
        var ok = new GatewayProperties.RateLimit(
                20,
                40,
                1,
                GatewayProperties.RateLimit.WhenUnavailable.ALLOW,
                java.time.Duration.ofSeconds(1),
                4,
                java.time.Duration.ofSeconds(1));
        var tooBig = new GatewayProperties.RateLimit(
                20,
                40,
                2,
                GatewayProperties.RateLimit.WhenUnavailable.ALLOW,
                java.time.Duration.ofSeconds(1),
                21,
                java.time.Duration.ofSeconds(1));
        assertThat(validator.validate(ok)).isEmpty();
        assertThat(validator.validate(tooBig)).isNotEmpty();
    }
}
