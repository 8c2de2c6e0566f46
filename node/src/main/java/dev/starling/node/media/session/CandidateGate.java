package dev.starling.node.media.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps our ICE candidates from overtaking the description they belong to. libwebrtc gathers a
 * host candidate while it is still applying our offer, before we send that offer; sent at once,
 * the candidate reaches the peer first, names an ICE username fragment the peer has not seen,
 * and is lost, and with it the direct path (the peer never checks it, and a NAT or a TURN
 * permission keeps our checks out). Each candidate waits until a description with its ufrag has
 * gone out. Pure: the caller sends what it returns, in order.
 */
final class CandidateGate<C> {
    private static final Pattern DESCRIPTION_UFRAG = Pattern.compile("(?m)^a=ice-ufrag:(\\S+)");
    private static final Pattern CANDIDATE_UFRAG = Pattern.compile("\\bufrag (\\S+)");

    private record Held<C>(C candidate, String ufrag) {}

    private final int capacity;
    private final Set<String> sentUfrags = new HashSet<>();
    private final List<Held<C>> held = new ArrayList<>();
    private long dropped;

    CandidateGate(int capacity) {
        this.capacity = capacity;
    }

    /** The candidates to send now: this one if its description went out (or it names no ufrag), else none. */
    synchronized List<C> candidate(C candidate, String sdp) {
        String ufrag = match(CANDIDATE_UFRAG, sdp);
        if (ufrag == null || sentUfrags.contains(ufrag)) {
            return List.of(candidate);
        }
        if (held.size() == capacity) {
            dropped++;
        } else {
            held.add(new Held<>(candidate, ufrag));
        }
        return List.of();
    }

    /** A description was sent: the held candidates it releases, in the order they came. */
    synchronized List<C> described(String sdp) {
        Matcher m = DESCRIPTION_UFRAG.matcher(sdp);
        while (m.find()) {
            sentUfrags.add(m.group(1));
        }
        List<C> released = new ArrayList<>();
        held.removeIf(h -> {
            if (sentUfrags.contains(h.ufrag())) {
                released.add(h.candidate());
                return true;
            }
            return false;
        });
        return released;
    }

    synchronized long dropped() {
        return dropped;
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
