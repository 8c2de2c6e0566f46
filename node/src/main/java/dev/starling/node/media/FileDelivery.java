package dev.starling.node.media;

import dev.starling.node.media.data.FileChannel;
import dev.starling.node.media.session.PeerSession;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connects the links' file channels to the file service, which is wired in after the engine
 * exists. Arriving transfers are handed over on a bounded queue, never on libwebrtc's thread: the
 * service may block on its own sends, and a peer that floods us costs dropped transfers (which
 * the downloader re-requests) rather than memory.
 */
final class FileDelivery {
    private final Executor delivery;
    private final LinkRegistry links;
    private final AtomicLong dropped = new AtomicLong();
    private volatile FileChannel.Receiver consumer = (peer, transfer) -> {};

    /** @param delivery a bounded executor that refuses work when full */
    FileDelivery(Executor delivery, LinkRegistry links) {
        this.delivery = delivery;
        this.links = links;
    }

    /** Where transfers arriving on any link's file channel go; set once, by the composition root. */
    void onTransfer(FileChannel.Receiver consumer) {
        this.consumer = consumer;
    }

    /** What every link's file channel delivers to; never blocks. */
    FileChannel.Receiver receiver() {
        return (peer, transfer) -> {
            try {
                delivery.execute(() -> consumer.onTransfer(peer, transfer));
            } catch (RejectedExecutionException e) {
                dropped.incrementAndGet();
            }
        };
    }

    /** The file channel to a peer if its link has one and it is open now. */
    Optional<FileChannel> openChannel(String peerId) {
        PeerSession s = links.get(peerId);
        return s == null ? Optional.empty() : s.files().filter(FileChannel::isOpen);
    }

    /** Per-link file channel counters, and transfers dropped because delivery was full. */
    Map<String, Object> counters() {
        Map<String, Object> out = new TreeMap<>();
        for (PeerSession s : links.all()) {
            s.files().ifPresent(f -> out.put(s.remotePeer(), f.counters()));
        }
        out.put("deliveryDropped", dropped.get());
        return out;
    }
}
