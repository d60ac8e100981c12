package io.chorus.connection.upstream;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.service.security.JwtProperties;
import io.chorus.service.security.ServiceTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clients of room-, gift- and presence-service, each behind its own circuit breaker (named after the service,
 * in {@code /actuator/circuitbreakers}), and the shared join snapshot cache.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfig {

    static final String ROOM_SERVICE = "room-service";
    static final String GIFT_SERVICE = "gift-service";
    static final String PRESENCE_SERVICE = "presence-service";

    @Bean
    ServiceTokens serviceTokens(JwtProperties jwt, ConnectionProperties properties, Clock clock) {
        return new ServiceTokens(jwt.secret(), "connection-service", properties.instanceId(), clock);
    }

    @Bean
    RoomServiceClient roomServiceClient(
            ConnectionProperties properties,
            JsonMapper mapper,
            ServiceTokens tokens,
            ObjectProvider<CircuitBreakerRegistry> breakers) {
        ConnectionProperties.Upstream upstream = properties.upstream();
        return new RoomServiceClient(
                UpstreamClients.webClient(upstream.roomService(), upstream.chatTimeout(), ROOM_SERVICE, tokens),
                guard(breakers, ROOM_SERVICE, upstream),
                mapper,
                upstream.snapshotTimeout(),
                upstream.chatTimeout());
    }

    @Bean
    GiftServiceClient giftServiceClient(
            ConnectionProperties properties,
            JsonMapper mapper,
            ServiceTokens tokens,
            ObjectProvider<CircuitBreakerRegistry> breakers) {
        ConnectionProperties.Upstream upstream = properties.upstream();
        return new GiftServiceClient(
                UpstreamClients.webClient(upstream.giftService(), upstream.snapshotTimeout(), GIFT_SERVICE, tokens),
                guard(breakers, GIFT_SERVICE, upstream),
                mapper,
                upstream.snapshotTimeout());
    }

    @Bean
    PresenceServiceClient presenceServiceClient(
            ConnectionProperties properties,
            JsonMapper mapper,
            ServiceTokens tokens,
            ObjectProvider<CircuitBreakerRegistry> breakers) {
        ConnectionProperties.Upstream upstream = properties.upstream();
        return new PresenceServiceClient(
                UpstreamClients.webClient(
                        upstream.presenceService(), upstream.snapshotTimeout(), PRESENCE_SERVICE, tokens),
                guard(breakers, PRESENCE_SERVICE, upstream),
                mapper,
                upstream.snapshotTimeout());
    }

    @Bean
    RoomBans roomBans(
            StatefulRedisConnection<String, String> chorusCommandConnection,
            ConnectionProperties properties,
            Clock clock) {
        return new RoomBans(
                chorusCommandConnection,
                properties.upstream().snapshotTimeout(),
                properties.upstream().snapshotTtl(),
                clock);
    }

    @Bean
    JoinSnapshots joinSnapshots(
            RoomServiceClient rooms,
            GiftServiceClient gifts,
            PresenceServiceClient presence,
            ConnectionProperties properties,
            Clock clock) {
        ConnectionProperties.Upstream upstream = properties.upstream();
        return new JoinSnapshots(rooms, gifts, presence, upstream.snapshotTtl(), upstream.snapshotCacheSize(), clock);
    }

    private static UpstreamGuard guard(
            ObjectProvider<CircuitBreakerRegistry> breakers, String service, ConnectionProperties.Upstream upstream) {
        CircuitBreakerRegistry registry = breakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults);
        return new UpstreamGuard(registry.circuitBreaker(service, UpstreamGuard.config(upstream.breaker())));
    }
}
