package dev.starling.node.room;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * Test-only fault injection: drops everything arriving from the blocked peers, right above the
 * transport, so discovery, heartbeats, merges and envelopes all stop as in a real network split.
 * Blocking each other on both sides gives a symmetric partition: failure detection splits the
 * view, MERGE3 heals it once the blocks are lifted. Present only when the node runs with
 * {@value #PROPERTY}=true; see the README.
 */
public final class PeerFilter extends Protocol {
    public static final String PROPERTY = "starling.test.faults";

    private final Set<String> blocked = ConcurrentHashMap.newKeySet();

    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    public void block(Set<String> peerIds) {
        blocked.clear();
        blocked.addAll(peerIds);
    }

    public Set<String> blocked() {
        return Set.copyOf(blocked);
    }

    private boolean drop(Address src) {
        if (blocked.isEmpty() || src == null) {
            return false;
        }
        String peer = PeerAddresses.peerIdOf(src);
        return peer != null && blocked.contains(peer);
    }

    @Override
    public Object up(Message msg) {
        if (drop(msg.getSrc())) {
            return null;
        }
        return up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        if (drop(batch.sender())) {
            return;
        }
        batch.removeIf(msg -> drop(msg.getSrc()), true);
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }
}
