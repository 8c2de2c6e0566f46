package dev.starling.node.media.session;

import dev.starling.node.media.sink.ReceivedMedia;
import dev.starling.node.media.sink.RelayOrigins;
import dev.starling.node.mixing.AudioBus;
import dev.starling.node.mixing.VideoBus;

/**
 * Where a link's decoded media goes beyond the link itself: into the mixing buses when this node
 * mixes for others, and, for markers relayed by a mixer, to the link of the peer that sent them.
 */
public interface ReceiveRouting {
    /** Who sent markers that arrive relayed through a mixer. */
    RelayOrigins relayOrigins();

    AudioBus audioBus();

    VideoBus videoBus();

    /** Who else wants the decoded media (the call page), or {@link ReceivedMedia#NONE}. */
    ReceivedMedia receivedMedia();
}
