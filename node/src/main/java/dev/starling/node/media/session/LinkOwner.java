package dev.starling.node.media.session;

/**
 * The registry a link belongs to. A link cannot close itself out of the registry: only the
 * registry knows whether this link is still the one it holds for that peer.
 */
public interface LinkOwner {
    /** A session asks to be forgotten (e.g. its first offer was unusable); the owner then closes it. */
    void discard(PeerSession session);
}
