package dev.starling.node.media.session;

import dev.starling.node.media.SendLimits;
import java.util.Set;

/** What the route plan asks a link to send: which voices its audio carries, and how many bits it may spend. */
public interface SendRouting {
    /**
     * The origins this node's audio to {@code remotePeer} carries now (its own id for its own
     * voice); none means the link is frozen (nothing encoded).
     */
    Set<String> inputsFor(String remotePeer);

    /** Bitrate caps on each link's audio and video senders. */
    SendLimits sendLimits();
}
