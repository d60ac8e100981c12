package io.chorus.gateway.config;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Slow clients cannot hold the gateway: a whole request (headers and body) must arrive within
 * {@code chorus.gateway.request-timeout}, else Reactor Netty answers 408 and closes the connection. A
 * WebSocket's request is its upgrade GET, so open sockets are not affected.
 */
@Configuration
class ServerTimeoutsConfig {

    @Bean
    NettyServerCustomizer requestTimeouts(GatewayProperties properties) {
        return server -> server.requestTimeout(properties.requestTimeout()).readTimeout(properties.requestTimeout());
    }
}
