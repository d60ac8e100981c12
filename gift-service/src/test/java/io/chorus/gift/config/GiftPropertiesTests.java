package io.chorus.gift.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The bundled defaults bind and validate; an invalid setting stops the service from starting. */
class GiftPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class)
            .withInitializer(new org.springframework.boot.test.context.ConfigDataApplicationContextInitializer())
            .withPropertyValues("chorus.config.dir=target/no-config-repo");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GiftProperties.class)
    static class PropertiesOnly {}

    @Test
    void theBundledDefaultsAreValid() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            GiftProperties properties = context.getBean(GiftProperties.class);
            assertThat(properties.catalog())
                    .extracting(GiftProperties.CatalogItem::id)
                    .containsExactly("rose", "heart", "star", "rocket");
            assertThat(properties.item("rocket").maxAmount()).isEqualTo(10);
            assertThat(properties.item("diamond")).isNull();
            assertThat(properties.idempotency().ttl()).isEqualTo(Duration.ofHours(24));
            assertThat(properties.sequencer().groupId()).isEqualTo("gift-sequencer");
            assertThat(properties.pull().maxLimit()).isEqualTo(1000);
        });
    }

    @Test
    void aCatalogItemWithoutAPositiveMaxAmountIsRefused() {
        runner.withPropertyValues("chorus.gift.catalog[0].max-amount=0").run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("catalog[0].maxAmount"));
    }

    @Test
    void anInvalidGiftIdIsRefused() {
        runner.withPropertyValues("chorus.gift.catalog[1].id=Not Valid")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void aTooSmallIdempotencyKeyLimitIsRefused() {
        runner.withPropertyValues("chorus.gift.idempotency.max-key-length=4")
                .run(context -> assertThat(context).hasFailed());
    }
}
