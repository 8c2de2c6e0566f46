package dev.starling.node.media.sink;

import java.util.Optional;

/**
 * Who sent media heard on a link that carries a mix or a composite. Each peer marks its audio
 * with its own slot, so a marker names its origin even when a mixer relayed it; a composite's
 * pictures are named by the mixer that made it (see {@code CompositeContents}). The origin's own
 * link (frozen or not) still knows that peer's clock offset and marker schedule, so relayed media
 * is timed end to end, origin to here.
 */
public interface RelayOrigins {
    /** The peer whose markers use {@code slot}, unless none or several do. */
    Optional<Origin> bySlot(int slot);

    /** The peer {@code id}, if we have a link to it. */
    Optional<Origin> byPeer(String id);

    /** Whether {@code slot} is this node's own: hearing it means a mix sent us our own voice. */
    boolean isSelf(int slot);

    /** Where relayed media of that peer is recorded, and what times it. */
    record Origin(String peer, ReceiveStats stats, RemoteTiming timing) {}
}
