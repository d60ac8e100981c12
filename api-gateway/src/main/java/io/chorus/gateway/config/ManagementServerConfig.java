package io.chorus.gateway.config;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The management server (its own port, its own child context) closes each connection after one response, and
 * gives a client {@code chorus.gateway.request-timeout} to send a whole request, like the public server.
 *
 * <p>Reactor Netty 1.3.6 can stop reading an HTTP/1.1 kept-alive connection when a request that arrived before
 * the previous response's operations terminated (actuator endpoints complete off the event loop) is answered
 * synchronously (Spring Security's 401 and 403): the next request on that connection never gets an answer
 * (reactor/reactor-netty#4347, #4361; reproduced here: a 200 from an actuator endpoint, a 401, a 403, then no
 * answer). One request per connection takes that case away; a scraper opening a connection every few seconds
 * costs nothing. The public port keeps keep-alive (see the README).
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementServerConfig {

    /**
     * A factory customizer, not a {@code NettyServerCustomizer} bean: the management context's server factory is
     * a bare copy of the main one's class, so {@code NettyServerCustomizer} beans (of either context) never reach
     * it.
     */
    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> managementServerLimits(GatewayProperties properties) {
        return factory -> factory.addServerCustomizers(server -> server.maxKeepAliveRequests(1)
                .requestTimeout(properties.requestTimeout())
                .readTimeout(properties.requestTimeout()));
    }
}
