package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.app.config.ConfigException;
import dev.kontextbot.app.config.ConfigLoader;

/** Starts kontext-bot: reads the settings, starts what they enable, and stops it all cleanly on SIGTERM / Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        AppConfig config;
        try {
            config = new ConfigLoader(System.getenv()).load();
        } catch (ConfigException e) {
            System.err.println("kontext-bot cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Application application;
        try {
            application = Application.start(config);
        } catch (StartupException e) {
            System.err.println("kontext-bot cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(application::close, "kontext-shutdown"));
        System.out.println(application.banner());
    }
}
