package io.chorus.gift.send;

/**
 * Answer of an accepted send (201), identical for every retry with the same {@code Idempotency-Key} and body.
 * The gift is durable in Kafka; its room sequence number follows on the room channel and in pulls.
 *
 * @param giftId the gift's id, deterministic for (sender, key, body)
 * @param ts epoch millis of acceptance
 */
public record GiftReceipt(String giftId, String room, String from, String to, String gift, long amount, long ts) {}
