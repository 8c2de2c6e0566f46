package dev.starling.node.room;

/** A message could not be handed to the room (disconnected, or the transport failed). */
public final class RoomSendException extends RuntimeException {
    public RoomSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
