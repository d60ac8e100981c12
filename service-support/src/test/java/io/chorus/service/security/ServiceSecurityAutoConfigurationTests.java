package io.chorus.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.test.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

class ServiceSecurityAutoConfigurationTests {

    final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ValidationAutoConfiguration.class, ServiceSecurityAutoConfiguration.class));

    @Test
    void aServiceGetsTheSharedTokenCheckAndTheSecretIsMasked() {
        contexts.withPropertyValues("chorus.jwt.secret=" + TestTokens.SECRET).run(context -> {
            assertThat(context).hasSingleBean(ReactiveJwtDecoder.class);
            assertThat(context.getBean(ReactiveJwtDecoder.class)).isInstanceOf(ServiceJwtDecoder.class);
            assertThat(context.getBean(JwtProperties.class).toString())
                    .doesNotContain(TestTokens.SECRET)
                    .contains("******");
        });
    }

    @Test
    void anEmptyJwksSettingMeansHs256UsersTokens() {
        contexts.withPropertyValues("chorus.jwt.secret=" + TestTokens.SECRET, "chorus.jwt.jwk-set-uri=")
                .run(context -> {
                    assertThat(context.getBean(JwtProperties.class).usesJwks()).isFalse();
                    assertThat(context.getBean(ReactiveJwtDecoder.class)
                                    .decode(TestTokens.user("alice", "viewer"))
                                    .block()
                                    .getSubject())
                            .isEqualTo("alice");
                });
    }

    @Test
    void aMissingOrShortSecretStopsTheServiceAtStartup() {
        contexts.run(context -> assertThat(context).hasFailed());
        contexts.withPropertyValues("chorus.jwt.secret=too-short")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("chorus.jwt.secret"));
    }

    @Test
    void aJwksNeedsThePlatformSecretStillForServiceTokens() {
        contexts.withPropertyValues("chorus.jwt.jwk-set-uri=https://idp.example/jwks")
                .run(context -> assertThat(context).hasFailed());
    }
}
