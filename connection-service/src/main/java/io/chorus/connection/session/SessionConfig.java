package io.chorus.connection.session;

import io.chorus.connection.broker.Broker;
import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.hub.FrameClassifier;
import io.chorus.connection.hub.Hub;
import io.chorus.connection.lifecycle.EventLoopWatchdog;
import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.connection.upstream.JoinSnapshots;
import io.chorus.connection.upstream.PresenceReporter;
import io.chorus.connection.upstream.RoomBans;
import io.chorus.connection.upstream.RoomServiceClient;
import io.chorus.connection.upstream.UpstreamClients;
import io.chorus.service.security.JwtProperties;
import io.chorus.service.security.ServiceJwtDecoder;
import io.chorus.service.security.ServiceTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /ws} endpoint: a Reactor Netty route ahead of WebFlux (JWT check, permessage-deflate offered,
 * hard frame limit), the connection handler, and the broker's wiring to the hub and to personal deliveries.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfig {

    @Bean
    ConnectionRegistry connectionRegistry(ConnectionMetrics metrics) {
        ConnectionRegistry registry = new ConnectionRegistry();
        metrics.gauge(ConnectionMetrics.CONNECTIONS, "Open WebSocket connections", registry::size);
        metrics.gauge(ConnectionMetrics.QUEUE_DEPTH, "Bytes waiting in outbound queues", () -> queued(registry));
        return registry;
    }

    private static long queued(ConnectionRegistry registry) {
        long total = 0;
        for (Connection connection : registry.live()) {
            total += connection.pendingBytes();
        }
        return total;
    }

    @Bean
    FrameDecoder frameDecoder(JsonMapper mapper, ConnectionProperties properties) {
        return new FrameDecoder(mapper, properties.limits().maxChatChars());
    }

    @Bean
    FrameEncoder frameEncoder(JsonMapper mapper) {
        return new FrameEncoder(mapper);
    }

    @Bean
    RequestHandler requestHandler(
            Hub hub,
            JoinSnapshots snapshots,
            RoomBans bans,
            RoomServiceClient roomService,
            PresenceReporter presence,
            FrameEncoder encoder,
            ConnectionProperties properties) {
        return new RequestHandler(hub, snapshots, bans, roomService, presence, encoder, properties);
    }

    @Bean
    ConnectionHandler connectionHandler(
            ConnectionRegistry registry,
            Hub hub,
            RequestHandler requests,
            FrameDecoder decoder,
            FrameEncoder encoder,
            ConnectionMetrics metrics,
            PresenceReporter presence,
            ConnectionProperties properties) {
        metrics.gauge(ConnectionMetrics.ROOMS, "Rooms with local viewers", hub::roomCount);
        metrics.gauge(
                ConnectionMetrics.IDLE_ROOMS, "Rooms without local viewers still subscribed (grace)", hub::idleRooms);
        return new ConnectionHandler(registry, hub, requests, decoder, encoder, metrics, presence, properties);
    }

    @Bean
    JwtDecoder webSocketJwtDecoder(JwtProperties jwt) {
        return ServiceJwtDecoder.blocking(jwt);
    }

    @Bean
    WebSocketRoute webSocketRoute(
            ConnectionRegistry registry,
            JwtDecoder webSocketJwtDecoder,
            JwtProperties jwt,
            ConnectionHandler handler,
            ConnectionProperties properties) {
        return new WebSocketRoute(
                registry,
                webSocketJwtDecoder,
                ConnectTickets.decoder(jwt),
                handler,
                properties.limits().hardFrameBytes(),
                properties.outbound().compression());
    }

    @Bean
    PersonalDelivery personalDelivery(
            ConnectionRegistry registry, Hub hub, FrameClassifier classifier, JsonMapper mapper) {
        return new PersonalDelivery(registry, hub, classifier, mapper);
    }

    @Bean
    BrokerWiring brokerWiring(Broker broker, Hub hub, PersonalDelivery personal, ConnectionProperties properties) {
        return new BrokerWiring(broker, hub, personal, properties.instanceId());
    }

    @Bean
    PresenceReporter presenceReporter(
            ConnectionRegistry registry,
            ConnectionProperties properties,
            ServiceTokens tokens,
            JsonMapper mapper,
            Clock clock) {
        ConnectionProperties.Upstream upstream = properties.upstream();
        return new PresenceReporter(
                UpstreamClients.webClient(
                        upstream.presenceService(), upstream.chatTimeout(), "presence-reports", tokens),
                mapper,
                properties.instanceId(),
                upstream.presenceInterval(),
                upstream.viewerAnnounceInterval(),
                upstream.chatTimeout(),
                registry::viewersByRoom,
                clock);
    }

    @Bean
    HeartbeatSweeper heartbeatSweeper(ConnectionRegistry registry, ConnectionProperties properties, Clock clock) {
        return new HeartbeatSweeper(registry, properties, clock);
    }

    /** Probes the server's event loops (the ones {@code /ws} and WebFlux run on) for lag. */
    @Bean
    EventLoopWatchdog eventLoopWatchdog(
            ReactorResourceFactory resources, ConnectionProperties properties, MeterRegistry registry) {
        ConnectionProperties.Watchdog watchdog = properties.watchdog();
        return new EventLoopWatchdog(
                () -> resources.getLoopResources().onServer(LoopResources.DEFAULT_NATIVE),
                watchdog.interval(),
                watchdog.blockedAfter(),
                registry,
                System::nanoTime);
    }
}
