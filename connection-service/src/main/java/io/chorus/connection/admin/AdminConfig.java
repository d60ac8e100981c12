package io.chorus.connection.admin;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.hub.Hub;
import io.chorus.connection.session.ConnectionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AdminConfig {

    @Bean
    ConnectionsEndpoint connectionsEndpoint(ConnectionRegistry registry, Hub hub, ConnectionProperties properties) {
        return new ConnectionsEndpoint(registry, hub, properties);
    }

    @Bean
    RoomsEndpoint roomsEndpoint(Hub hub, ConnectionProperties properties) {
        return new RoomsEndpoint(hub, properties);
    }
}
