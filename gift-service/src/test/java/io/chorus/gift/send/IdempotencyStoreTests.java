package io.chorus.gift.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.gift.send.IdempotencyStore.Claim;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTests {

    @Test
    void repliesOfTheClaimScriptAreParsed() {
        assertThat(IdempotencyStore.parse("claimed")).isEqualTo(new Claim(Claim.State.CLAIMED, null));
        assertThat(IdempotencyStore.parse("conflict")).isEqualTo(new Claim(Claim.State.CONFLICT, null));
        assertThat(IdempotencyStore.parse("pending")).isEqualTo(new Claim(Claim.State.PENDING, null));
        assertThat(IdempotencyStore.parse("done:{\"giftId\":\"g\"}"))
                .isEqualTo(new Claim(Claim.State.DONE, "{\"giftId\":\"g\"}"));
        assertThatThrownBy(() -> IdempotencyStore.parse("what")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keysOfOneSenderShareAHashTag() {
        assertThat(IdempotencyStore.redisKey("u1", "abc")).isEqualTo("gift:idem:{u1}:abc");
    }
}
