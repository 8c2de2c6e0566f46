package dev.starling.node.call;

/** A page message the node refuses; the message says why, for the page to show. */
public final class MalformedPageMessage extends Exception {
    public MalformedPageMessage(String reason) {
        super(reason);
    }
}
