package io.chorus.connection.session;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/** The {@link JsonMapper} Spring Boot configures for the service (the one the decoder and encoder get). */
final class BootJsonMapper {

    private static final JsonMapper MAPPER = create();

    private BootJsonMapper() {}

    static JsonMapper get() {
        return MAPPER;
    }

    private static JsonMapper create() {
        JsonMapper[] mapper = new JsonMapper[1];
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> mapper[0] = context.getBean(JsonMapper.class));
        if (mapper[0] == null) {
            throw new IllegalStateException("Spring Boot configured no JsonMapper");
        }
        return mapper[0];
    }
}
