package io.chorus.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchAcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Binds a {@link KeyedSequencer} to a Kafka listener container (batch listener, manual acknowledgement): the
 * container thread waits until every event of the polled batch is stored and notified, then commits. Any
 * failure throws, so the container's error handler retries the whole batch (appends are idempotent); the
 * offsets of a batch are never committed before its writes.
 *
 * <p>A record that cannot be decoded can never succeed: it is logged, counted and skipped instead of blocking
 * its partition forever.
 */
public final class KafkaSequencerListener<E> implements BatchAcknowledgingMessageListener<String, String> {

    private static final Logger log = LoggerFactory.getLogger(KafkaSequencerListener.class);

    private final KeyedSequencer<E, ?> sequencer;
    private final Function<String, E> decoder;
    private final Duration batchTimeout;
    private final Consumer<ConsumerRecord<String, String>> onUndecodable;

    public KafkaSequencerListener(
            KeyedSequencer<E, ?> sequencer,
            Function<String, E> decoder,
            Duration batchTimeout,
            Consumer<ConsumerRecord<String, String>> onUndecodable) {
        this.sequencer = sequencer;
        this.decoder = decoder;
        this.batchTimeout = batchTimeout;
        this.onUndecodable = onUndecodable;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, String>> records, Acknowledgment acknowledgment) {
        List<E> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            E event = decode(record);
            if (event != null) {
                events.add(event);
            }
        }
        if (!events.isEmpty()) {
            awaitSequenced(events);
        }
        acknowledgment.acknowledge();
    }

    private E decode(ConsumerRecord<String, String> record) {
        try {
            return decoder.apply(record.value());
        } catch (RuntimeException e) {
            log.error(
                    "undecodable record skipped: topic={} partition={} offset={} error={}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
            onUndecodable.accept(record);
            return null;
        }
    }

    private void awaitSequenced(List<E> events) {
        // A Kafka container thread is a dedicated blocking thread: waiting here is what delays the commit.
        try {
            sequencer.sequence(events).toFuture().get(batchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sequencing a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch not sequenced, it will be retried: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("batch not sequenced within " + batchTimeout + ", it will be retried", e);
        }
    }
}
