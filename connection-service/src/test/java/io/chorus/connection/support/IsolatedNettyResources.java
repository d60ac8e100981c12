package io.chorus.connection.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives an instance its own Netty event loops, so closing it (drain tests) does not dispose the JVM-wide
 * Reactor Netty resources that the other instances of the test JVM still serve on.
 */
@Configuration(proxyBeanMethods = false)
public class IsolatedNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
