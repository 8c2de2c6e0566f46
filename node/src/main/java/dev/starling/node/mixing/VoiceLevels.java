package dev.starling.node.mixing;

import java.util.HashMap;
import java.util.Map;

/**
 * How loud each voice in a mix was since the last report: the loudest 10 ms RMS (0 to 1) per
 * origin. A client hears one stream from its mixer and cannot tell from the sound whose voice is
 * in it; the mixer can, so it sends these levels beside the mix (as RFC 6465 does in RTP), and a
 * client's call page shows who speaks, or who fell silent, inside the mix. Thread-safe.
 */
public final class VoiceLevels {
    private final Map<String, Double> loudest = new HashMap<>();

    /** One frame's level of one voice. */
    public synchronized void hear(String origin, double level) {
        loudest.merge(origin, level, Math::max);
    }

    /** The loudest level of every voice heard since the previous call; starts a new window. */
    public synchronized Map<String, Double> take() {
        Map<String, Double> window = Map.copyOf(loudest);
        loudest.clear();
        return window;
    }
}
