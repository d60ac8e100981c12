package io.chorus.test;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the JVM's {@link ChorusInfrastructure} when the JUnit Platform launcher session ends, that is after the
 * whole test plan. Spring test contexts are closed first, while the servers still answer. Registered through
 * {@code META-INF/services}; does nothing when no test used the servers.
 */
public final class ChorusInfrastructureSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (ChorusInfrastructure.isRunning()) {
            SpringTestContexts.closeAll();
            ChorusInfrastructure.stop();
        }
    }
}
