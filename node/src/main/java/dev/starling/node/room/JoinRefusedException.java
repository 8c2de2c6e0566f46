package dev.starling.node.room;

/**
 * The room refused this node: its members could not verify our join token, because the password
 * (or the room id) differs from theirs, or because they speak another room protocol version.
 */
public final class JoinRefusedException extends Exception {
    JoinRefusedException(String reason) {
        super(reason == null || reason.isBlank() ? JoinGate.WRONG_PASSWORD : reason);
    }
}
