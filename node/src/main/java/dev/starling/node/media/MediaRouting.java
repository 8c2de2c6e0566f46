package dev.starling.node.media;

import dev.starling.node.media.session.PeerSession;
import dev.starling.node.media.session.ReceiveRouting;
import dev.starling.node.media.session.SendRouting;
import dev.starling.node.media.sink.ReceivedMedia;
import dev.starling.node.media.sink.RelayOrigins;
import dev.starling.node.mixing.AudioBus;
import dev.starling.node.mixing.VideoBus;
import dev.starling.node.routing.SendPlan;
import java.util.Map;
import java.util.Set;

/**
 * The route plan as it applies to this node's links: what each link sends, and where received
 * media goes to be mixed. The plan and the buses change together, in the order the echo guard
 * needs, so they live in one place.
 */
final class MediaRouting implements SendRouting, ReceiveRouting {
    private final LinkRegistry links;
    private final AudioBus audioBus;
    private final VideoBus videoBus;
    private final SendLimits limits;
    private final RelayOrigins origins;
    private volatile SendPlan plan;
    private volatile ReceivedMedia receivedMedia = ReceivedMedia.NONE;

    MediaRouting(
            SendPlan initial,
            LinkRegistry links,
            AudioBus audioBus,
            VideoBus videoBus,
            SendLimits limits,
            RelayOrigins origins) {
        this.plan = initial;
        this.links = links;
        this.audioBus = audioBus;
        this.videoBus = videoBus;
        this.limits = limits;
        this.origins = origins;
    }

    /**
     * Switches what this node sends on each link (see {@link SendPlan}); links it does not name
     * carry our own media. Mixing starts at once; frozen links stop encoding, thawed ones resume.
     */
    void apply(SendPlan next) {
        plan = next;
        // Links announce their new mix contents before the bus mixes them: a peer's echo guard
        // must learn that our audio now carries its voice before that audio reaches it.
        for (PeerSession s : links.all()) {
            s.follow(next.inputsFor(s.remotePeer()));
        }
        audioBus.plan(next);
        videoBus.plan(next);
    }

    SendPlan plan() {
        return plan;
    }

    /**
     * Tells each recipient of a mix how loud each voice in it was since the last report: voices
     * mixed here as the bus heard them, voices inside another mixer's mix as that mixer reported
     * them. Links that carry only our own voice get nothing; their sound says it all.
     */
    void reportMixLevels() {
        SendPlan p = plan;
        Map<String, Double> heard = audioBus.takeLevels();
        for (PeerSession s : links.all()) {
            String recipient = s.remotePeer();
            Set<String> inputs = p.inputsFor(recipient);
            if (inputs.isEmpty() || p.ownOnly(recipient)) {
                continue;
            }
            Map<String, Double> levels = new java.util.HashMap<>();
            for (String input : inputs) {
                Map<String, Double> inner = input.equals(p.self()) ? Map.of() : links.mixLevelsFrom(input);
                if (inner.isEmpty()) {
                    levels.merge(input, heard.getOrDefault(input, 0.0), Math::max);
                } else {
                    // Only voices the input announced it mixes: a peer cannot put words in others' mouths.
                    inner.forEach((origin, level) -> {
                        if (links.carries(input, origin)) {
                            levels.merge(origin, level, Math::max);
                        }
                    });
                }
            }
            levels.remove(recipient);
            s.sendMixLevels(levels);
        }
    }

    Map<String, Number> mixerCounters() {
        return audioBus.counters();
    }

    /** A link to {@code peer} closed: the buses drop what they hold of it. */
    void forget(String peer) {
        audioBus.forget(peer);
        videoBus.forget(peer);
    }

    @Override
    public Set<String> inputsFor(String remotePeer) {
        return plan.inputsFor(remotePeer);
    }

    @Override
    public SendLimits sendLimits() {
        return limits;
    }

    @Override
    public RelayOrigins relayOrigins() {
        return origins;
    }

    @Override
    public AudioBus audioBus() {
        return audioBus;
    }

    @Override
    public VideoBus videoBus() {
        return videoBus;
    }

    @Override
    public ReceivedMedia receivedMedia() {
        return receivedMedia;
    }

    void receivedMedia(ReceivedMedia listener) {
        receivedMedia = listener;
    }
}
