package dev.starling.node.view;

/** The remote node could not be reached or answered with an error; the message is for the user. */
public final class RemoteNodeException extends Exception {
    public RemoteNodeException(String message) {
        super(message);
    }
}
