package dev.starling.node.collaboration.files;

import java.util.NoSuchElementException;

/** A hash no manifest here answers to: nobody announced it, or not yet. */
public final class UnknownFileException extends NoSuchElementException {
    private final String hash;

    public UnknownFileException(String hash) {
        super("no shared file " + hash + " known here");
        this.hash = hash;
    }

    public String hash() {
        return hash;
    }
}
