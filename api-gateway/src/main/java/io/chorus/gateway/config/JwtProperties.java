package io.chorus.gateway.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How tokens are verified: HS256 with a shared secret (from {@code CHORUS_JWT_SECRET}).
 *
 * @param secret the HS256 signing secret, at least 32 bytes
 */
@Validated
@ConfigurationProperties("chorus.jwt")
public record JwtProperties(@NotBlank @Size(min = 32) String secret) {}
