package io.chorus.gift.sequencer;

import io.chorus.gift.config.GiftProperties;
import io.chorus.protocol.GiftSent;
import io.chorus.protocol.Topics;
import io.chorus.stream.Appended;
import io.chorus.stream.KafkaSequencerListener;
import io.chorus.stream.KeyedSequencer;
import io.chorus.stream.StreamListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.FixedBackOff;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gift sequencer: a listener container on {@link Topics#GIFTS} in consumer group
 * {@code chorus.gift.sequencer.group-id}; the consumer owning a room's partition is the room's only
 * sequencer. Batches are acknowledged manually after they are stored and pushed; a failed batch is retried
 * until it succeeds (the appends are idempotent), so nothing is committed unwritten.
 */
@Configuration
class SequencerConfig {

    /** The bean name of the listener container (tests stop and start it). */
    static final String CONTAINER = "giftSequencerContainer";

    private static final Logger log = LoggerFactory.getLogger(SequencerConfig.class);

    @Bean
    KeyedSequencer<GiftSent, StoredGift> giftSequencer(
            CassandraGiftStore store, GiftFanout fanout, GiftProperties properties, MeterRegistry meters) {
        Counter sequenced = Counter.builder(SequencerMetrics.SEQUENCED)
                .description("gifts stored at a new sequence number")
                .register(meters);
        Counter redelivered = Counter.builder(SequencerMetrics.REDELIVERED)
                .description("gifts delivered again by Kafka that kept their sequence number")
                .register(meters);
        StreamListener<StoredGift> counted = new StreamListener<>() {
            @Override
            public Mono<Void> stored(Appended<StoredGift> appended) {
                return storedAll(List.of(appended));
            }

            @Override
            public Mono<Void> storedAll(List<Appended<StoredGift>> run) {
                for (Appended<StoredGift> appended : run) {
                    (appended.redelivered() ? redelivered : sequenced).increment();
                }
                return fanout.storedAll(run);
            }
        };
        return new KeyedSequencer<>(store, counted, properties.sequencer().parallelRooms());
    }

    @Bean(CONTAINER)
    ConcurrentMessageListenerContainer<String, String> giftSequencerContainer(
            ConsumerFactory<String, String> consumers,
            KeyedSequencer<GiftSent, StoredGift> sequencer,
            JsonMapper json,
            GiftProperties properties,
            MeterRegistry meters) {
        return container(consumers, sequencer, json, properties, meters);
    }

    /** A sequencer container in the configured consumer group (one per instance; tests start a second one). */
    static ConcurrentMessageListenerContainer<String, String> container(
            ConsumerFactory<String, String> consumers,
            KeyedSequencer<GiftSent, StoredGift> sequencer,
            JsonMapper json,
            GiftProperties properties,
            MeterRegistry meters) {
        GiftProperties.Sequencer settings = properties.sequencer();
        Counter undecodable = Counter.builder(SequencerMetrics.UNDECODABLE)
                .description("records on the gifts topic that could not be decoded (skipped)")
                .register(meters);
        ContainerProperties container = new ContainerProperties(Topics.GIFTS);
        container.setGroupId(settings.groupId());
        container.setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
        container.setMessageListener(new KafkaSequencerListener<>(
                sequencer,
                value -> json.readValue(value, GiftSent.class),
                settings.batchTimeout(),
                record -> undecodable.increment()));
        var listener = new ConcurrentMessageListenerContainer<>(consumers, container);
        listener.setConcurrency(settings.concurrency());
        listener.setAutoStartup(settings.autoStartup());
        listener.setCommonErrorHandler(errorHandler(settings, meters));
        return listener;
    }

    private static DefaultErrorHandler errorHandler(GiftProperties.Sequencer settings, MeterRegistry meters) {
        Counter failures = Counter.builder(SequencerMetrics.BATCH_FAILED)
                .description("gift batches that failed and are retried")
                .register(meters);
        var handler = new DefaultErrorHandler(
                new FixedBackOff(settings.retryInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS));
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(
                    org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, Exception ex, int attempt) {
                failures.increment();
                log.warn("gift record failed, retrying: attempt={} error={}", attempt, ex.toString());
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int attempt) {
                failures.increment();
                log.warn(
                        "gift batch failed, retrying: records={} attempt={} error={}",
                        records.count(),
                        attempt,
                        ex.toString());
            }
        });
        return handler;
    }
}
