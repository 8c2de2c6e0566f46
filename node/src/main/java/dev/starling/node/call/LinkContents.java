package dev.starling.node.call;

import java.util.Map;
import java.util.Set;

/** What a link's media holds, as its peer announced: whose voices and pictures, and how loud each voice. */
public interface LinkContents {
    /** Whose voices and pictures the link from {@code peer} carries (just {@code peer} unless a mix). */
    Set<String> carriedBy(String peer);

    /** How loud each voice in {@code peer}'s mix was lately, RMS 0 to 1; empty unless it is a mix. */
    Map<String, Double> voiceLevels(String peer);

    /** A node without media: every link is its peer alone. */
    LinkContents NONE = new LinkContents() {
        @Override
        public Set<String> carriedBy(String peer) {
            return Set.of(peer);
        }

        @Override
        public Map<String, Double> voiceLevels(String peer) {
            return Map.of();
        }
    };
}
