/** Gift ingestion: validation, idempotency, the room check and the durable produce to Kafka. */
package io.chorus.gift.send;
