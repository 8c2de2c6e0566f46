package dev.starling.node.mixing;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.VideoFrames;
import dev.starling.node.media.synthetic.VideoStamper;
import dev.starling.node.routing.SendPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Where a mixer's video meets: the newest decoded picture of every relayed link goes in, and each
 * link's pusher takes out a composite of the inputs its {@link SendPlan} names for that recipient
 * (its own picture rendered fresh for every frame). A link that carries only our own video
 * bypasses compositing; a frozen link renders nothing, since nothing is encoded for it.
 *
 * <p>A screen shared by any input of a composite (ours included) takes the large tile of a {@link
 * ScreenLayout}, the cameras beside it, since a shared screen is what the room is looking at. A
 * remote camera or screen counts while its pictures keep coming: one older than {@link
 * #STALE_NANOS} is dropped, so a camera turned off or a share stopped leaves the composite by
 * itself (and our own camera is left out while it is off). Screens are sent on their own track
 * only where nothing is composited: a composite already shows them.
 *
 * <p>Where pictures are stamped for the lab, each composite gets a stamp of its own over the whole
 * frame, and its recipient is told which stamped pictures it shows ({@link CompositeContents}), so
 * video through mixers is timed origin to viewer.
 */
public final class VideoBus {
    /**
     * Cameras send at least 1 fps and screens 5 fps (repeating still pictures): two seconds of none
     * means the camera was turned off or the share stopped.
     */
    static final long STALE_NANOS = 2_000_000_000L;

    private final String self;
    private final LongSupplier nanoClock;
    private final VideoStamper stamper;
    private final BiConsumer<String, CompositeContents> contents;
    private final Map<String, TimedPicture> latest = new ConcurrentHashMap<>();
    private final Map<String, TimedPicture> screens = new ConcurrentHashMap<>();
    private volatile SendPlan plan;

    private final AtomicLong arrivals = new AtomicLong();

    /** @param arrival numbers pictures in the order they came, over all inputs */
    private record TimedPicture(I420Frame picture, long receivedNanos, List<ShownPicture> shows, long arrival) {}

    public VideoBus(String self) {
        this(self, System::nanoTime);
    }

    /** @param nanoClock monotonic time, for telling a screen still shared from a stopped one */
    public VideoBus(String self, LongSupplier nanoClock) {
        this(self, nanoClock, null, (recipient, shown) -> {});
    }

    /**
     * @param stamper stamps every composite as it is sent, or null where pictures are not stamped
     * @param contents told, for each stamped composite, the link it goes to and what it shows
     */
    public VideoBus(
            String self, LongSupplier nanoClock, VideoStamper stamper, BiConsumer<String, CompositeContents> contents) {
        this.self = self;
        this.nanoClock = nanoClock;
        this.stamper = stamper;
        this.contents = contents;
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
        offer(peer, picture, List.of());
    }

    /**
     * Like {@link #offer(String, I420Frame)}, with the stamped pictures it shows: the peer's own, or,
     * when it is another mixer's composite, those inside it.
     */
    public void offer(String peer, I420Frame picture, List<ShownPicture> shows) {
        latest.put(
                peer, new TimedPicture(picture, nanoClock.getAsLong(), List.copyOf(shows), arrivals.incrementAndGet()));
    }

    /** The newest picture of the screen {@code peer} shares; kept as is, like {@link #offer}. */
    public void offerScreen(String peer, I420Frame picture) {
        screens.put(peer, new TimedPicture(picture, nanoClock.getAsLong(), List.of(), arrivals.incrementAndGet()));
    }

    public void forget(String peer) {
        latest.remove(peer);
        screens.remove(peer);
    }

    public VideoFrames output(String recipient, VideoFrames ownDirect) {
        return output(recipient, ownDirect, VideoFrames.NEVER_LIVE_SCREEN);
    }

    /** A link's camera track: our camera, or a composite that shows {@code ownScreen} when shared. */
    public VideoFrames output(String recipient, VideoFrames ownDirect, VideoFrames ownScreen) {
        return new Output(recipient, ownDirect, ownScreen);
    }

    /**
     * A link's screen track: our own screen where the link carries only our media, else nothing
     * (the composite on the camera track shows every screen).
     */
    public VideoFrames screenOutput(String recipient, VideoFrames ownScreen) {
        return new ScreenOutput(recipient, ownScreen);
    }

    /** The screen pictures still shared by remote {@code inputs}, in plan order; stale ones are dropped. */
    private void freshScreens(Set<String> inputs, Map<String, I420Frame> out) {
        for (String input : inputs) {
            I420Frame screen = fresh(screens, input);
            if (screen != null) {
                out.put(input, screen);
            }
        }
    }

    /** {@code peer}'s picture in {@code pictures} unless it is stale (then it is dropped), or null. */
    private I420Frame fresh(Map<String, TimedPicture> pictures, String peer) {
        TimedPicture p = freshTimed(pictures, peer);
        return p == null ? null : p.picture();
    }

    private TimedPicture freshTimed(Map<String, TimedPicture> pictures, String peer) {
        TimedPicture p = pictures.get(peer);
        if (p == null) {
            return null;
        }
        if (nanoClock.getAsLong() - p.receivedNanos() > STALE_NANOS) {
            pictures.remove(peer, p);
            return null;
        }
        return p;
    }

    private final class ScreenOutput implements VideoFrames {
        private final String recipient;
        private final VideoFrames ownScreen;

        ScreenOutput(String recipient, VideoFrames ownScreen) {
            this.recipient = recipient;
            this.ownScreen = ownScreen;
        }

        @Override
        public int width() {
            return ownScreen.width();
        }

        @Override
        public int height() {
            return ownScreen.height();
        }

        @Override
        public long frameIntervalMicros() {
            return ownScreen.frameIntervalMicros();
        }

        @Override
        public boolean live() {
            return plan.ownOnly(recipient) && ownScreen.live();
        }

        @Override
        public void render(long frameIndex, I420Frame out) {
            ownScreen.render(frameIndex, out);
        }
    }

    /** One link's video; used by that link's pusher only, so its compositor needs no lock. */
    private final class Output implements VideoFrames {
        private final String recipient;
        private final VideoFrames ownDirect;
        private final VideoFrames ownScreen;
        private final I420Frame ownPicture;
        private final I420Frame ownTile;
        private final I420Frame ownScreenPicture;
        private final VideoCompositor compositor;
        private final List<I420Frame> tiles = new ArrayList<>(GridLayout.MAX_TILES);
        private final List<ShownPicture> shown = new ArrayList<>();
        private final Map<String, I420Frame> sharedScreens = new LinkedHashMap<>();

        Output(String recipient, VideoFrames ownDirect, VideoFrames ownScreen) {
            this.recipient = recipient;
            this.ownDirect = ownDirect;
            this.ownScreen = ownScreen;
            this.ownPicture = I420Frame.packed(ownDirect.width(), ownDirect.height());
            this.ownTile = new I420Frame(
                    ownPicture.width(),
                    ownPicture.height(),
                    ownPicture.y(),
                    ownPicture.width(),
                    ownPicture.u(),
                    ownPicture.v(),
                    ownPicture.chromaWidth());
            this.ownScreenPicture = I420Frame.packed(ownScreen.width(), ownScreen.height());
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

        /**
         * A composite is made when a picture it shows changes, not on a beat of its own: on a beat,
         * a picture waits half a frame on average, and one replaced before the next beat is never
         * shown (through two mixers, 1 picture in 4 was lost that way at 30 fps).
         */
        @Override
        public boolean arrivesOnItsOwnClock() {
            return true;
        }

        /**
         * Where the link carries only our camera, its own numbering (-1: paced by the pusher);
         * for a composite, a number that changes whenever any picture in it does: the newest
         * arrival of each remote input, plus our camera's frame count when it is shown.
         */
        @Override
        public long pictureNumber() {
            SendPlan p = plan;
            if (p.ownOnly(recipient)) {
                return ownDirect.arrivesOnItsOwnClock() ? ownDirect.pictureNumber() : -1;
            }
            long number = 0;
            for (String input : p.inputsFor(recipient)) {
                if (input.equals(self)) {
                    if (ownDirect.live()) {
                        number += ownDirect.arrivesOnItsOwnClock()
                                ? ownDirect.pictureNumber()
                                : nanoClock.getAsLong() / (ownDirect.frameIntervalMicros() * 1_000);
                    }
                    continue;
                }
                TimedPicture camera = latest.get(input);
                TimedPicture screen = screens.get(input);
                number += (camera == null ? 0 : camera.arrival()) + (screen == null ? 0 : screen.arrival());
            }
            return number;
        }

        /** A composite has something to show while it has other pictures in it, even with our camera off. */
        @Override
        public boolean live() {
            SendPlan p = plan;
            return p.ownOnly(recipient)
                    ? ownDirect.live()
                    : p.inputsFor(recipient).stream()
                            .anyMatch(input -> !input.equals(self) || ownDirect.live() || ownScreen.live());
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
            collectScreens(inputs, frameIndex);
            int limit = sharedScreens.isEmpty() ? GridLayout.MAX_TILES : ScreenLayout.MAX_STRIP;
            tiles.clear();
            shown.clear();
            boolean ownShown = false;
            for (String input : inputs) {
                if (tiles.size() == limit) {
                    break;
                }
                if (input.equals(self)) {
                    if (ownDirect.live()) {
                        ownDirect.render(frameIndex, ownPicture);
                        tiles.add(ownTile);
                        ownShown = true;
                    }
                } else {
                    TimedPicture picture = freshTimed(latest, input);
                    if (picture != null) {
                        tiles.add(picture.picture());
                        shown.addAll(picture.shows());
                    }
                }
            }
            // The first screen in plan order (ours first) is shown large; a second share waits its turn.
            I420Frame composite = sharedScreens.isEmpty()
                    ? compositor.compose(tiles)
                    : compositor.composeWithScreen(
                            sharedScreens.values().iterator().next(), tiles);
            copyPlane(composite.y(), composite.strideY(), out.y(), out.width(), out.height());
            copyPlane(composite.u(), composite.strideUv(), out.u(), out.chromaWidth(), out.chromaHeight());
            copyPlane(composite.v(), composite.strideUv(), out.v(), out.chromaWidth(), out.chromaHeight());
            if (stamper != null) {
                announce(out, ownShown);
            }
        }

        /**
         * Stamps the composite as a whole, last (as a camera's picture is), and tells the recipient
         * what it shows: our own picture was rendered within this call, so it takes the composite's time.
         */
        private void announce(I420Frame out, boolean ownShown) {
            long millis = stamper.stamp(out);
            if (ownShown) {
                shown.add(0, new ShownPicture(self, millis));
            }
            if (shown.size() > CompositeContents.MAX_PICTURES) {
                shown.subList(CompositeContents.MAX_PICTURES, shown.size()).clear();
            }
            contents.accept(recipient, new CompositeContents(millis, shown));
        }

        private void collectScreens(Set<String> inputs, long frameIndex) {
            sharedScreens.clear();
            if (inputs.contains(self) && ownScreen.live()) {
                ownScreen.render(frameIndex, ownScreenPicture);
                sharedScreens.put(self, ownScreenPicture);
            }
            freshScreens(inputs, sharedScreens);
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
