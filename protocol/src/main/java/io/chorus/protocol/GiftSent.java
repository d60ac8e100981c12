package io.chorus.protocol;

/**
 * Kafka event on {@link Topics#GIFTS} (key: room id): a gift accepted by gift-service, durable once
 * acknowledged by the broker. The sequencer turns it into {@link ServerFrame.Gift} with a dense per-room
 * {@code seq}; redelivery is harmless because the write is idempotent on {@code giftId}.
 */
public record GiftSent(
        String giftId,
        String room,
        String from,
        String fromName,
        String to,
        String gift,
        long amount,
        String idempotencyKey,
        long ts) {}
