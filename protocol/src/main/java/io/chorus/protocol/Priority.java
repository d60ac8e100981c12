package io.chorus.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Delivery priority of a live-room message: low is viewers' chatter and may be shed; high never is. */
public enum Priority {
    @JsonProperty("low")
    LOW,
    @JsonProperty("high")
    HIGH
}
