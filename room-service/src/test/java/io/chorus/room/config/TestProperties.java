package io.chorus.room.config;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@link RoomProperties} from a few overrides, with every other value at its default. */
public final class TestProperties {

    private TestProperties() {}

    public static RoomProperties of(Map<String, String> overrides) {
        return new Binder(new MapConfigurationPropertySource(overrides))
                .bindOrCreate("chorus.room", RoomProperties.class);
    }

    public static RoomProperties defaults() {
        return of(Map.of());
    }
}
