package io.chorus.gift.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class GiftIdsTests {

    @Test
    void theSameSenderKeyAndBodyGiveTheSameGiftId() {
        String key = GiftIds.keyHash("k-1");
        String body = GiftIds.bodyHash("lobby", "rose", 3, "streamer");

        assertThat(GiftIds.giftId("u1", key, body)).isEqualTo(GiftIds.giftId("u1", key, body));
        assertThat(UUID.fromString(GiftIds.giftId("u1", key, body))).isNotNull();
    }

    @Test
    void anotherSenderKeyOrBodyGivesAnotherGiftId() {
        String key = GiftIds.keyHash("k-1");
        String body = GiftIds.bodyHash("lobby", "rose", 3, "streamer");
        String id = GiftIds.giftId("u1", key, body);

        assertThat(GiftIds.giftId("u2", key, body)).isNotEqualTo(id);
        assertThat(GiftIds.giftId("u1", GiftIds.keyHash("k-2"), body)).isNotEqualTo(id);
        assertThat(GiftIds.giftId("u1", key, GiftIds.bodyHash("lobby", "rose", 4, "streamer")))
                .isNotEqualTo(id);
    }

    @Test
    void theBodyHashCoversEveryField() {
        String base = GiftIds.bodyHash("lobby", "rose", 3, "s");

        assertThat(GiftIds.bodyHash("lobby2", "rose", 3, "s")).isNotEqualTo(base);
        assertThat(GiftIds.bodyHash("lobby", "heart", 3, "s")).isNotEqualTo(base);
        assertThat(GiftIds.bodyHash("lobby", "rose", 30, "s")).isNotEqualTo(base);
        assertThat(GiftIds.bodyHash("lobby", "rose", 3, null)).isNotEqualTo(base);
        assertThat(GiftIds.bodyHash("lobby", "rose", 3, "s")).isEqualTo(base).hasSize(64);
    }
}
