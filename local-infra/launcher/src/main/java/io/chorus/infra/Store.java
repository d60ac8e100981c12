package io.chorus.infra;

import java.util.EnumSet;
import java.util.Set;

/** The stores Chorus runs on; each local server serves exactly one. */
public enum Store {
    REDIS,
    KAFKA,
    CASSANDRA;

    /** All three. */
    public static Set<Store> all() {
        return EnumSet.allOf(Store.class);
    }
}
