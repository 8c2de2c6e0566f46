package dev.starling.node.media.sink;

import java.util.Optional;

/**
 * Who sent a marker heard on a link that carries a mix: each peer marks its audio with its own
 * slot, so a marker names its origin even when a mixer relayed it. The origin's own link (frozen
 * or not) still knows that peer's clock offset and marker schedule, so relayed markers are timed
 * end to end, origin to here.
 */
public interface MarkerOrigins {
    /** The peer whose markers use {@code slot}, unless none or several do. */
    Optional<Origin> bySlot(int slot);

    /** Whether {@code slot} is this node's own: hearing it means a mix sent us our own voice. */
    boolean isSelf(int slot);

    /** Where a relayed marker of that peer is recorded, and what times it. */
    record Origin(String peer, ReceiveStats stats, RemoteTiming timing) {}
}
