package io.chorus.connection.drain;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.session.ConnectionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DrainConfig {

    @Bean
    DrainCoordinator drainCoordinator(ConnectionRegistry registry, ConnectionProperties properties) {
        return new DrainCoordinator(registry, properties);
    }

    @Bean
    DrainEndpoint drainEndpoint(DrainCoordinator coordinator) {
        return new DrainEndpoint(coordinator);
    }
}
