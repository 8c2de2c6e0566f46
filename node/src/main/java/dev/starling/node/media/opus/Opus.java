package dev.starling.node.media.opus;

import java.util.Optional;

/** Whether libopus can be used on this machine, and which one. */
public final class Opus {
    private Opus() {}

    /** libopus's version string, or empty if the library cannot be loaded. */
    public static Optional<String> version() {
        try {
            return Optional.of(LibOpus.load().opus_get_version_string());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Optional.empty();
        }
    }
}
