package dev.starling.node.presence;

/**
 * One line of the session log ("time logs" in the seeds).
 *
 * @param type {@code join}, {@code leave} (said goodbye), {@code crash} (vanished without one),
 *             {@code leader} (became the room leader) or {@code merge} (a partition healed)
 * @param durationMillis for leave and crash: how long the member was in the room, else 0
 */
public record PresenceEvent(String type, String peer, String name, long at, long durationMillis) {}
