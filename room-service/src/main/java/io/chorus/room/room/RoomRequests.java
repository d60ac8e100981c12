package io.chorus.room.room;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the rooms API. */
public final class RoomRequests {

    /** Room ids: letters, digits, {@code -} and {@code _}; no braces or colons, which Redis keys use. */
    public static final String ID_PATTERN = "[A-Za-z0-9_-]{1,64}";

    private RoomRequests() {}

    /** {@code POST /api/rooms}: both optional; an id is generated when absent. */
    public record CreateRoom(@Pattern(regexp = ID_PATTERN) String id, @Size(max = 200) String title) {}

    /** {@code PATCH /api/rooms/{id}}: only the fields present change. */
    public record UpdateSettings(
            @Min(0) @Max(86_400) Integer slowModeSeconds,
            Boolean subscriberOnly,
            Boolean emoteOnly,
            @Min(1) @Max(1_000) Integer chatBudgetPerSecond) {}

    /** {@code POST /api/rooms/{id}/bans/{user}}: without a duration the ban is permanent. */
    public record BanUser(@Min(1) @Max(31_536_000) Integer durationSeconds) {}

    /** A ban as answered: {@code until} is epoch millis, absent for a permanent ban. */
    public record Ban(String room, String user, Long until) {}
}
