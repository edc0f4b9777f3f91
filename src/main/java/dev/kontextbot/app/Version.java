package dev.kontextbot.app;

/** The version from the jar's manifest ("dev" when running from classes). */
final class Version {
    private Version() {
    }

    static String current() {
        String version = Application.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
