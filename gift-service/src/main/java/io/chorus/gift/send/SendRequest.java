package io.chorus.gift.send;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/rooms/{room}/gifts}.
 *
 * @param gift a catalog id
 * @param amount units, 1 to the item's {@code maxAmount}
 * @param to the recipient; the room's streamer when absent
 */
public record SendRequest(
        @NotBlank @Size(max = 32) String gift,
        @NotNull Long amount,
        @Size(min = 1, max = 64) @Pattern(regexp = "\\S+", message = "must not contain whitespace") String to) {}
