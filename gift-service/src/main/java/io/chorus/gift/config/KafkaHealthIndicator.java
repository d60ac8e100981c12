package io.chorus.gift.config;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Kafka is UP when the cluster answers a describe-cluster call within the timeout. */
@Component("kafka")
class KafkaHealthIndicator implements ReactiveHealthIndicator, DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final AdminClient admin;

    KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        Map<String, Object> config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = AdminClient.create(config);
    }

    @Override
    public Mono<Health> health() {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
        return Mono.fromFuture(cluster.nodes().toCompletionStage().toCompletableFuture())
                .map(nodes -> Health.up().withDetail("nodes", nodes.size()).build())
                .timeout(TIMEOUT)
                .onErrorResume(error -> Mono.just(Health.down(error).build()));
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(1));
    }
}
