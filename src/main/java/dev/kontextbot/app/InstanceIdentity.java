package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.engine.InstanceSettings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** Who this process is among the bot instances sharing its database (engine.instance-id, engine.lease). */
final class InstanceIdentity {
    private InstanceIdentity() {
    }

    static InstanceSettings of(AppConfig.Engine engine, boolean soleUserOfDatabase, Map<String, String> env) {
        String id = engine.instanceId().isBlank() ? generated(env) : engine.instanceId();
        return new InstanceSettings(id, engine.lease(), soleUserOfDatabase);
    }

    /**
     * The host's name, so an operator can tell which machine ran a turn, plus a random part: a restarted process is a
     * new instance (its old leases run out instead of being resumed by a process that does not know them).
     */
    private static String generated(Map<String, String> env) {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return InstanceSettings.generatedId(host(env), HexFormat.of().formatHex(random));
    }

    private static String host(Map<String, String> env) {
        String name = env.getOrDefault("HOSTNAME", "");
        if (name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                // A host without a resolvable name still needs an id; the random part keeps it apart from others.
                name = "kontext";
            }
        }
        return name.length() > 80 ? name.substring(0, 80) : name;
    }
}
