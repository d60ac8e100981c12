package io.chorus.gift.sequencer;

import io.chorus.gift.config.GiftProperties;
import io.chorus.service.security.JwtProperties;
import io.chorus.service.security.ServiceTokens;
import io.chorus.stream.notify.PresenceLocator;
import io.chorus.stream.notify.UserNotifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/** The notify path to gift recipients: presence-service look-ups with this instance's service token. */
@Configuration(proxyBeanMethods = false)
class NotifyConfig {

    @Bean
    UserNotifier giftRecipientNotifier(
            ReactiveStringRedisTemplate redis,
            JsonMapper json,
            GiftProperties properties,
            JwtProperties jwt,
            MeterRegistry meters) {
        var tokens = new ServiceTokens(
                jwt.secret(),
                "gift-service",
                Long.toString(ProcessHandle.current().pid()),
                Clock.systemUTC());
        var locator = new PresenceLocator(
                WebClient.builder(),
                properties.recipients().presenceUrl(),
                tokens,
                properties.recipients().lookupTimeout(),
                PresenceLocator.DEFAULT_CHUNK);
        return new UserNotifier(redis, json, locator, properties.requestTimeout(), meters, "gifts");
    }
}
