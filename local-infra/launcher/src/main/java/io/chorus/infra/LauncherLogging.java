package io.chorus.infra;

/**
 * Points Logback at the launcher's own configuration before the first logger exists. The file is deliberately not
 * named logback.xml: this jar sits on test classpaths, where it must not replace an application's logging setup.
 */
final class LauncherLogging {

    private static final String PROPERTY = "logback.configurationFile";
    private static final String CONFIGURATION = "io/chorus/infra/launcher-logback.xml";

    private LauncherLogging() {}

    static void configure() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, CONFIGURATION);
        }
    }
}
