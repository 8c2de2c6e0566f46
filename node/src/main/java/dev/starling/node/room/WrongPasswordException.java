package dev.starling.node.room;

/** The room refused this node's join token: the password does not match the room's. */
public final class WrongPasswordException extends Exception {
    public WrongPasswordException() {
        super("wrong password for this room: the room refused our join");
    }
}
