package dev.starling.node.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.sink.ReceivedMedia;
import dev.starling.node.media.source.PageSources;
import dev.starling.node.media.source.VideoSourceKind;
import dev.starling.node.presence.CallState;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of its call page: takes what the attached page captures into {@link
 * PageSources} and publishes its microphone, camera and screen state to the room; gives the page
 * every link's decoded audio and pictures. One page at a time: a second one replaces the first,
 * which is told why.
 *
 * <p>What goes to the page is bounded: pictures are sent at most {@value #MAX_VIDEO_FPS} per second
 * per source and dropped while more than {@value #MAX_BYTES_IN_FLIGHT} bytes are unwritten, so a
 * slow or stalled page costs the node a bounded queue and never holds up a link's thread.
 */
public final class CallPageChannel implements ReceivedMedia {
    private static final Logger log = LoggerFactory.getLogger(CallPageChannel.class);
    static final int MAX_VIDEO_FPS = 15;
    /**
     * About four 320x240 pictures: audio shares the socket and waits behind whatever is queued, so
     * a deep picture queue would delay every sound the page plays.
     */
    static final long MAX_BYTES_IN_FLIGHT = 512L << 10;
    /** Audio gets more room than pictures: a gap in sound is worse than a skipped picture. */
    static final long MAX_AUDIO_BYTES_IN_FLIGHT = 1L << 20;

    private final PageSources sources;
    private final PageCodec codec;
    private final Consumer<CallState> publish;
    private final LinkContents links;
    private final Supplier<ObjectNode> welcome;
    private final Map<String, Long> lastPictureNanos = new ConcurrentHashMap<>();
    private final AtomicLong bytesInFlight = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong picturesDropped = new AtomicLong();
    private volatile PageConnection page;

    /**
     * @param sources where page media goes, or null when this node sends its own media (the page
     *                then only sees and hears the room)
     * @param publish tells the room this node's state when the page changes it
     * @param links whose voices and pictures each link carries, and how loud
     * @param welcome the fields of the welcome message, built when a page attaches
     */
    public CallPageChannel(
            PageSources sources,
            PageCodec codec,
            Consumer<CallState> publish,
            LinkContents links,
            Supplier<ObjectNode> welcome) {
        this.sources = sources;
        this.codec = codec;
        this.publish = publish;
        this.links = links;
        this.welcome = welcome;
    }

    /** A page attached; any earlier one is closed, its reason given. */
    public synchronized void attach(PageConnection connection) {
        PageConnection previous = page;
        if (previous != null) {
            previous.sendText(codec.text("closing", codec.object().put("reason", "another call page attached")));
            previous.close(4000, "another call page attached");
            log.info("call page replaced by a new one");
        } else {
            log.info("call page attached");
        }
        page = connection;
        if (sources != null) {
            sources.attach();
        }
        ObjectNode fields = welcome.get();
        fields.put("sends", sources != null);
        connection.sendText(codec.text("welcome", fields));
    }

    /** The page's WebSocket closed. Only the current page's going away stops what the node sends. */
    public synchronized void detach(PageConnection connection) {
        if (page != connection) {
            return;
        }
        page = null;
        lastPictureNanos.clear();
        if (sources != null) {
            sources.detach();
            publish.accept(sources.state());
        }
        log.info("call page detached");
    }

    public void onBinary(PageConnection connection, ByteBuffer message) {
        if (page != connection) {
            return;
        }
        try {
            PageMessage decoded = codec.decode(message);
            if (sources == null) {
                refuse(
                        connection,
                        "this node sends its own media; start it with --media browser to send from" + " this page");
                return;
            }
            if (decoded instanceof PageMessage.Audio audio) {
                sources.offerAudio(audio.pcm());
            } else if (decoded instanceof PageMessage.Picture picture) {
                sources.offerPicture(picture.source(), picture.width(), picture.height(), picture.i420());
            }
        } catch (MalformedPageMessage e) {
            refuse(connection, e.getMessage());
        }
    }

    public void onText(PageConnection connection, String message) {
        if (page != connection) {
            return;
        }
        try {
            PageMessage decoded = codec.decodeText(message);
            if (decoded instanceof PageMessage.State state && sources != null) {
                sources.apply(state.state());
                publish.accept(state.state());
            }
        } catch (MalformedPageMessage e) {
            refuse(connection, e.getMessage());
        }
    }

    private void refuse(PageConnection connection, String reason) {
        // Counted always, answered once in a while: a page in a loop must not make the node flood it back.
        if (refused.getAndIncrement() % 100 == 0) {
            connection.sendText(codec.text("error", codec.object().put("message", reason)));
        }
    }

    // ---- what the links decode, to the page ----

    @Override
    public boolean listening() {
        return page != null;
    }

    @Override
    public void audio(String fromPeer, short[] pcm) {
        audioFrame(fromPeer, PageCodec.UNNUMBERED, pcm);
    }

    @Override
    public void audioFrame(String fromPeer, long frameIndex, short[] pcm) {
        send(
                codec.remoteAudio(fromPeer, links.carriedBy(fromPeer), links.voiceLevels(fromPeer), frameIndex, pcm),
                MAX_AUDIO_BYTES_IN_FLIGHT);
    }

    @Override
    public void video(String fromPeer, VideoSourceKind source, I420Frame picture) {
        long now = System.nanoTime();
        // Each source of a peer has its own rate: a screen share must not starve its camera.
        String key = source.wireName() + ":" + fromPeer;
        Long last = lastPictureNanos.get(key);
        if (last != null && now - last < 1_000_000_000L / MAX_VIDEO_FPS) {
            return;
        }
        if (!send(codec.remoteVideo(fromPeer, source, links.carriedBy(fromPeer), picture), MAX_BYTES_IN_FLIGHT)) {
            picturesDropped.incrementAndGet();
            return;
        }
        lastPictureNanos.put(key, now);
    }

    private boolean send(ByteBuffer message, long limit) {
        PageConnection to = page;
        int size = message.remaining();
        if (to == null || bytesInFlight.get() + size > limit) {
            return false;
        }
        bytesInFlight.addAndGet(size);
        try {
            to.sendBinary(message, () -> bytesInFlight.addAndGet(-size));
        } catch (RuntimeException e) {
            bytesInFlight.addAndGet(-size);
            log.debug("call page send failed: {}", e.toString());
            return false;
        }
        return true;
    }

    /** For /api/call: whether a page is attached, and what it sent and what was refused or dropped. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("attached", page != null);
        status.put("sends", sources != null);
        status.put("bytesInFlight", bytesInFlight.get());
        status.put("refusedMessages", refused.get());
        status.put("picturesDropped", picturesDropped.get());
        status.put("received", sources == null ? "" : sources.counters());
        return status;
    }
}
