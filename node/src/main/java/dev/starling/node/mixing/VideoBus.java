package dev.starling.node.mixing;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.VideoFrames;
import dev.starling.node.routing.SendPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a mixer's video meets: the newest decoded picture of every relayed link goes in, and each
 * link's pusher takes out a grid composite of the inputs its {@link SendPlan} names for that
 * recipient (its own picture rendered fresh for every frame). A link that carries only our own
 * video bypasses compositing; a frozen link renders nothing, since nothing is encoded for it.
 */
public final class VideoBus {
    private final String self;
    private final Map<String, I420Frame> latest = new ConcurrentHashMap<>();
    private volatile SendPlan plan;

    public VideoBus(String self) {
        this.self = self;
        this.plan = SendPlan.mesh(self);
    }

    public void plan(SendPlan next) {
        plan = next;
    }

    public boolean wants(String peer) {
        return plan.relays(peer);
    }

    /** The newest picture from {@code peer}'s link; the bus keeps it as is, so it must not change afterwards. */
    public void offer(String peer, I420Frame picture) {
        latest.put(peer, picture);
    }

    public void forget(String peer) {
        latest.remove(peer);
    }

    public VideoFrames output(String recipient, VideoFrames ownDirect) {
        return new Output(recipient, ownDirect);
    }

    /** One link's video; used by that link's pusher only, so its compositor needs no lock. */
    private final class Output implements VideoFrames {
        private final String recipient;
        private final VideoFrames ownDirect;
        private final I420Frame ownPicture;
        private final I420Frame ownTile;
        private final VideoCompositor compositor;
        private final List<I420Frame> tiles = new ArrayList<>(GridLayout.MAX_TILES);

        Output(String recipient, VideoFrames ownDirect) {
            this.recipient = recipient;
            this.ownDirect = ownDirect;
            this.ownPicture = I420Frame.packed(ownDirect.width(), ownDirect.height());
            this.ownTile = new I420Frame(
                    ownPicture.width(),
                    ownPicture.height(),
                    ownPicture.y(),
                    ownPicture.width(),
                    ownPicture.u(),
                    ownPicture.v(),
                    ownPicture.chromaWidth());
            this.compositor = new VideoCompositor(ownDirect.width(), ownDirect.height());
        }

        @Override
        public int width() {
            return ownDirect.width();
        }

        @Override
        public int height() {
            return ownDirect.height();
        }

        @Override
        public long frameIntervalMicros() {
            return ownDirect.frameIntervalMicros();
        }

        /** A composite has something to show while it has other pictures in it, even with our camera off. */
        @Override
        public boolean live() {
            SendPlan p = plan;
            return p.ownOnly(recipient)
                    ? ownDirect.live()
                    : p.inputsFor(recipient).stream().anyMatch(input -> !input.equals(self) || ownDirect.live());
        }

        @Override
        public void render(long frameIndex, I420Frame out) {
            SendPlan p = plan;
            Set<String> inputs = p.inputsFor(recipient);
            if (inputs.isEmpty()) {
                return;
            }
            if (p.ownOnly(recipient)) {
                ownDirect.render(frameIndex, out);
                return;
            }
            tiles.clear();
            for (String input : inputs) {
                if (tiles.size() == GridLayout.MAX_TILES) {
                    break;
                }
                if (input.equals(self)) {
                    ownDirect.render(frameIndex, ownPicture);
                    tiles.add(ownTile);
                } else {
                    I420Frame picture = latest.get(input);
                    if (picture != null) {
                        tiles.add(picture);
                    }
                }
            }
            I420Frame composite = compositor.compose(tiles);
            copyPlane(composite.y(), composite.strideY(), out.y(), out.width(), out.height());
            copyPlane(composite.u(), composite.strideUv(), out.u(), out.chromaWidth(), out.chromaHeight());
            copyPlane(composite.v(), composite.strideUv(), out.v(), out.chromaWidth(), out.chromaHeight());
        }
    }

    private static void copyPlane(byte[] src, int srcStride, byte[] dst, int width, int rows) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * srcStride, dst, r * width, width);
        }
    }

    /** Copies a decoder's (strided) planes into a picture the bus can keep. */
    public static I420Frame copyOf(
            int width,
            int height,
            java.nio.ByteBuffer y,
            int strideY,
            java.nio.ByteBuffer u,
            int strideU,
            java.nio.ByteBuffer v,
            int strideV) {
        I420Frame image = I420Frame.packed(width, height);
        I420Frame.copyIn(y, strideY, image.y(), width, height);
        I420Frame.copyIn(u, strideU, image.u(), image.chromaWidth(), image.chromaHeight());
        I420Frame.copyIn(v, strideV, image.v(), image.chromaWidth(), image.chromaHeight());
        return new I420Frame(width, height, image.y(), width, image.u(), image.v(), image.chromaWidth());
    }
}
