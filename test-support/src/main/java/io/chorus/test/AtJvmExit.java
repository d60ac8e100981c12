package io.chorus.test;

/**
 * Stops a test's shared server (a stub, an identity provider) when the test JVM exits. For a server held in a
 * static field of a test class: Failsafe reruns a failed test in the same JVM, where the class and its static
 * fields are already initialized, so a server closed in {@code @AfterAll} would be gone for the rerun, which
 * would then fail for that reason alone.
 */
public final class AtJvmExit {

    private AtJvmExit() {}

    public static void stop(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "chorus-test-stop"));
    }
}
