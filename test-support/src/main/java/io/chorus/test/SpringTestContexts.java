package io.chorus.test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Remembers the Spring test application contexts of this JVM so they can be closed before the servers stop. Spring
 * closes cached contexts only in its JVM shutdown hook, after the test plan; closing them against servers that are
 * already gone would leave Kafka consumers and Cassandra sessions waiting for timeouts. Registered for every Spring
 * test through {@code META-INF/spring.factories}.
 */
public final class SpringTestContexts implements ContextCustomizerFactory {

    private static final List<WeakReference<ConfigurableApplicationContext>> contexts = new ArrayList<>();

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return Tracking.INSTANCE;
    }

    /** Closes every remembered context that is still active. */
    static void closeAll() {
        List<ConfigurableApplicationContext> active = new ArrayList<>();
        synchronized (contexts) {
            contexts.stream().map(WeakReference::get).filter(Objects::nonNull).forEach(active::add);
            contexts.clear();
        }
        active.stream().filter(ConfigurableApplicationContext::isActive).forEach(ConfigurableApplicationContext::close);
    }

    private static void remember(ConfigurableApplicationContext context) {
        synchronized (contexts) {
            contexts.add(new WeakReference<>(context));
        }
    }

    /** One stateless customizer: equal to itself, so it never splits Spring's context cache. */
    private enum Tracking implements ContextCustomizer {
        INSTANCE;

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            remember(context);
        }
    }
}
