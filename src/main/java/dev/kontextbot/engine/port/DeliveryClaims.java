package dev.kontextbot.engine.port;

/**
 * Which platform deliveries were taken on. Chat platforms deliver an event again (a gateway resume, a retry), and
 * with several instances sharing the database the copy may land on another instance: adapters claim a delivery
 * before they do anything visible, and only the first claim of a key, on any instance, goes ahead.
 */
public interface DeliveryClaims {

    /** True for the first claim of {@code key} among all instances sharing the database; false for every later one. */
    boolean claim(String key);
}
