package io.chorus.e2e.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** A failed e2e test prints the tail of every service's log (the full logs stay in target/e2e-logs). */
public final class DumpLogsOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("e2e test failed: " + context.getDisplayName() + " (" + cause + ")");
        System.out.println(Chorus.logTails(80));
    }
}
