package dev.starling.node.media.session;

/**
 * Perfect-negotiation roles and the offer-collision rule. Both ends derive the same roles from
 * the two peer ids alone, so no extra signalling is needed to break a glare.
 */
public final class GlarePolicy {
    private final boolean polite;

    public GlarePolicy(String localPeerId, String remotePeerId) {
        if (localPeerId.equals(remotePeerId)) {
            throw new IllegalArgumentException("a peer cannot link to itself: " + localPeerId);
        }
        this.polite = localPeerId.compareTo(remotePeerId) > 0;
    }

    /** The polite peer (lexicographically larger id) yields on collision by rolling back its own offer. */
    public boolean polite() {
        return polite;
    }

    public static boolean collision(boolean incomingIsOffer, boolean makingOffer, boolean signalingStable) {
        return incomingIsOffer && (makingOffer || !signalingStable);
    }

    /** The impolite peer ignores a colliding offer and waits for the answer to its own. */
    public boolean ignore(boolean incomingIsOffer, boolean makingOffer, boolean signalingStable) {
        return !polite && collision(incomingIsOffer, makingOffer, signalingStable);
    }
}
