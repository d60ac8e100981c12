package io.chorus.connection.config;

import io.chorus.connection.broker.Broker;
import io.chorus.connection.broker.RedisBroker;
import io.chorus.connection.route.LeaseRenewal;
import io.chorus.connection.route.RedisRouteIndex;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis for the connection tier: one Lettuce client sharing Boot's connection details and client resources,
 * one pub/sub connection (sharded room channels and the instance delivery channel) and one command
 * connection (route index, lease).
 */
@Configuration(proxyBeanMethods = false)
class RedisConfig {

    @Bean(destroyMethod = "shutdown")
    RedisClient chorusRedisClient(DataRedisConnectionDetails details, ObjectProvider<ClientResources> resources) {
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(standalone.getHost())
                .withPort(standalone.getPort())
                .withDatabase(standalone.getDatabase());
        if (details.getPassword() != null) {
            if (details.getUsername() != null) {
                uri.withAuthentication(details.getUsername(), details.getPassword());
            } else {
                uri.withPassword(details.getPassword().toCharArray());
            }
        }
        ClientResources shared = resources.getIfAvailable();
        return shared == null ? RedisClient.create(uri.build()) : RedisClient.create(shared, uri.build());
    }

    @Bean(destroyMethod = "close")
    StatefulRedisPubSubConnection<String, byte[]> chorusPubSubConnection(RedisClient chorusRedisClient) {
        return chorusRedisClient.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> chorusCommandConnection(RedisClient chorusRedisClient) {
        return chorusRedisClient.connect();
    }

    @Bean
    Broker broker(StatefulRedisPubSubConnection<String, byte[]> chorusPubSubConnection) {
        return new RedisBroker(chorusPubSubConnection);
    }

    @Bean
    RedisRouteIndex routeIndex(
            StatefulRedisConnection<String, String> chorusCommandConnection,
            ConnectionProperties properties,
            Clock clock) {
        return new RedisRouteIndex(
                chorusCommandConnection,
                properties.instanceId(),
                properties.route().leaseTtl(),
                clock);
    }

    @Bean
    LeaseRenewal leaseRenewal(RedisRouteIndex routeIndex, ConnectionProperties properties) {
        return new LeaseRenewal(routeIndex, properties.route().renewInterval());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
