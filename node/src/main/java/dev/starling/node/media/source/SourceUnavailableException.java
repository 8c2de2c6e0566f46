package dev.starling.node.media.source;

/** A media source cannot be opened: unreadable or malformed file, missing device. Reported at startup. */
public final class SourceUnavailableException extends Exception {
    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
