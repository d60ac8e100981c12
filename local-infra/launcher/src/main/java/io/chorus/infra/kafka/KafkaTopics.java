package io.chorus.infra.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure Chorus' topics exist with at least their listed partition count. Safe to run any number of times, also
 * concurrently: an existing topic is left alone or grown, never recreated.
 */
public final class KafkaTopics {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final short REPLICATION_FACTOR = 1;

    private KafkaTopics() {}

    /** Ensures the topics of {@code kafka/topics.txt}. */
    public static void ensure(String bootstrapServers) {
        ensure(bootstrapServers, TopicSpec.fromClasspath());
    }

    public static void ensure(String bootstrapServers, List<TopicSpec> topics) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "chorus-infra-topics");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            Map<String, Integer> existing = existingPartitions(admin);
            for (TopicSpec topic : topics) {
                Integer partitions = existing.get(topic.name());
                if (partitions == null) {
                    create(admin, topic);
                } else if (partitions < topic.partitions()) {
                    grow(admin, topic, partitions);
                }
            }
            awaitServed(admin, topics);
        }
    }

    /**
     * Waits until the leader of every partition answers for it (a just created topic is in the metadata a moment
     * before its broker serves it; a client arriving then gets UnknownTopicOrPartition).
     */
    private static void awaitServed(Admin admin, List<TopicSpec> topics) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicSpec topic : topics) {
            for (int partition = 0; partition < topic.partitions(); partition++) {
                partitions.put(new TopicPartition(topic.name(), partition), OffsetSpec.latest());
            }
        }
        while (true) {
            try {
                await(admin.listOffsets(partitions).all());
                return;
            } catch (KafkaAdminException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static Map<String, Integer> existingPartitions(Admin admin) {
        var names = await(admin.listTopics().names());
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(names).allTopicNames());
        return descriptions.values().stream().collect(Collectors.toMap(TopicDescription::name, d -> d.partitions()
                .size()));
    }

    private static void create(Admin admin, TopicSpec topic) {
        try {
            await(admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), REPLICATION_FACTOR)))
                    .all());
            log.info("topic created: topic={} partitions={}", topic.name(), topic.partitions());
        } catch (KafkaAdminException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void grow(Admin admin, TopicSpec topic, int current) {
        await(admin.createPartitions(Map.of(topic.name(), NewPartitions.increaseTo(topic.partitions())))
                .all());
        log.info("topic grown: topic={} from={} to={}", topic.name(), current, topic.partitions());
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaAdminException(e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaAdminException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAdminException(e);
        }
    }

    /** An admin operation failed; the cause is Kafka's own exception. */
    public static final class KafkaAdminException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        KafkaAdminException(Throwable cause) {
            super("Kafka admin operation failed: " + cause, cause);
        }
    }
}
