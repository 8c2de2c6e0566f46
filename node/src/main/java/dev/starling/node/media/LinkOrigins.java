package dev.starling.node.media;

import dev.starling.node.media.session.PeerSession;
import dev.starling.node.media.sink.RelayOrigins;
import dev.starling.node.media.synthetic.MarkerPlan;
import java.util.Optional;

/**
 * Names the sender of relayed media: a marker by its slot, a composite's picture by its peer id,
 * looking across all links: the origin's own
 * link (frozen or not) knows that peer's clock and schedule. A peer that has not yet announced
 * its slot is assumed to use the one its id hashes to.
 */
final class LinkOrigins implements RelayOrigins {
    private final LinkRegistry links;
    private final int ownSlot;

    LinkOrigins(LinkRegistry links, int ownSlot) {
        this.links = links;
        this.ownSlot = ownSlot;
    }

    @Override
    public Optional<Origin> bySlot(int slot) {
        PeerSession found = null;
        for (PeerSession s : links.all()) {
            if (s.markerSlot().orElse(MarkerPlan.slotFor(s.remotePeer())) == slot) {
                if (found != null) {
                    return Optional.empty(); // two peers share the slot: the marker names neither
                }
                found = s;
            }
        }
        return Optional.ofNullable(found).map(s -> new Origin(s.remotePeer(), s.received(), s));
    }

    @Override
    public Optional<Origin> byPeer(String id) {
        return Optional.ofNullable(links.get(id)).map(s -> new Origin(s.remotePeer(), s.received(), s));
    }

    @Override
    public boolean isSelf(int slot) {
        return slot == ownSlot;
    }
}
