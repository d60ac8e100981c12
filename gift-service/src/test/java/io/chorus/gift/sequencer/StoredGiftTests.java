package io.chorus.gift.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.protocol.GiftSent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StoredGiftTests {

    @Test
    void theRoomFrameIsTheClientGiftFrameOfTheContract() throws Exception {
        var event = new GiftSent("g1", "lobby", "u1", "Ann", "s1", "rose", 3, "k1", 1767225600000L);

        String json = JsonMapper.builder().build().writeValueAsString(new StoredGift(event, 7, 2L).frame());

        assertThat(JsonMapper.builder().build().readTree(json))
                .isEqualTo(JsonMapper.builder()
                        .build()
                        .readTree("{\"type\":\"gift\",\"room\":\"lobby\",\"seq\":7,\"giftId\":\"g1\",\"from\":\"u1\","
                                + "\"fromName\":\"Ann\",\"to\":\"s1\",\"gift\":\"rose\",\"amount\":3,"
                                + "\"ts\":1767225600000}"));
    }
}
