package io.chorus.connection.upstream;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.service.security.JwtProperties;
import io.chorus.service.security.ServiceTokens;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Clients of room-, gift- and presence-service, and the shared join snapshot cache. */
@Configuration(proxyBeanMethods = false)
class UpstreamConfig {

    @Bean
    ServiceTokens serviceTokens(JwtProperties jwt, ConnectionProperties properties, Clock clock) {
        return new ServiceTokens(jwt.secret(), "connection-service", properties.instanceId(), clock);
    }

    @Bean
    RoomServiceClient roomServiceClient(ConnectionProperties properties, JsonMapper mapper, ServiceTokens tokens) {
        ConnectionProperties.Upstream upstream = properties.upstream();
        return new RoomServiceClient(
                UpstreamClients.webClient(upstream.roomService(), upstream.chatTimeout(), "room-service", tokens),
                mapper,
                upstream.snapshotTimeout(),
                upstream.chatTimeout());
    }

    @Bean
    GiftServiceClient giftServiceClient(ConnectionProperties properties, JsonMapper mapper, ServiceTokens tokens) {
        ConnectionProperties.Upstream upstream = properties.upstream();
        return new GiftServiceClient(
                UpstreamClients.webClient(upstream.giftService(), upstream.snapshotTimeout(), "gift-service", tokens),
                mapper,
                upstream.snapshotTimeout());
    }

    @Bean
    PresenceServiceClient presenceServiceClient(
            ConnectionProperties properties, JsonMapper mapper, ServiceTokens tokens) {
        ConnectionProperties.Upstream upstream = properties.upstream();
        return new PresenceServiceClient(
                UpstreamClients.webClient(
                        upstream.presenceService(), upstream.snapshotTimeout(), "presence-service", tokens),
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
}
