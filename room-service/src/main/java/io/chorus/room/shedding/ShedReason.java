package io.chorus.room.shedding;

/** Why an accepted message was not delivered. */
public enum ShedReason {
    /** The room's delivery budget was spent (low priority only). */
    BUDGET("budget"),
    /** This instance was overloaded (its bulkhead for low priority was full). */
    OVERLOAD("overload"),
    /** The room closed before the message's window was published. */
    CLOSED("closed"),
    /**
     * A retry of the same client message took it over after its instance had not decided it in time; the
     * retry is delivered instead (at most once per client message id).
     */
    SUPERSEDED("superseded");

    private final String tag;

    ShedReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
