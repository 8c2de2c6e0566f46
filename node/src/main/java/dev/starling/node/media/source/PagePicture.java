package dev.starling.node.media.source;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.mixing.VideoCompositor;
import java.util.List;

/**
 * The newest picture a page sent for one source, scaled to the size the node sends, served as
 * {@link VideoFrames}: the page and each link's pusher run at their own pace. Live only while the
 * source is on and has sent a picture since.
 */
final class PagePicture implements VideoFrames {
    private final I420Frame latest;
    private final long frameIntervalMicros;
    private final VideoCompositor scaler;
    private boolean on;
    private boolean fresh;
    private long received;

    PagePicture(int width, int height, int fps) {
        this.latest = I420Frame.black(width, height);
        this.frameIntervalMicros = 1_000_000L / fps;
        this.scaler = new VideoCompositor(width, height);
    }

    /** Takes a picture from the page; any size, scaled here (a single tile fills the picture). */
    synchronized void offer(int width, int height, byte[] i420) {
        int chromaWidth = width / 2;
        int lumaBytes = width * height;
        int chromaBytes = chromaWidth * (height / 2);
        byte[] u = new byte[chromaBytes];
        byte[] v = new byte[chromaBytes];
        System.arraycopy(i420, lumaBytes, u, 0, chromaBytes);
        System.arraycopy(i420, lumaBytes + chromaBytes, v, 0, chromaBytes);
        I420Frame picture = new I420Frame(width, height, i420, width, u, v, chromaWidth);
        I420Frame scaled = scaler.compose(List.of(picture));
        scaled.copyTo(latest);
        fresh = true;
        received++;
    }

    /** The source turned on or off; after turning on, nothing is sent until a new picture came. */
    synchronized void switchTo(boolean on) {
        if (on && !this.on) {
            fresh = false;
        }
        this.on = on;
    }

    synchronized long received() {
        return received;
    }

    @Override
    public boolean arrivesOnItsOwnClock() {
        return true;
    }

    @Override
    public synchronized long pictureNumber() {
        return received;
    }

    @Override
    public synchronized boolean live() {
        return on && fresh;
    }

    @Override
    public int width() {
        return latest.width();
    }

    @Override
    public int height() {
        return latest.height();
    }

    @Override
    public long frameIntervalMicros() {
        return frameIntervalMicros;
    }

    @Override
    public synchronized void render(long frameIndex, I420Frame out) {
        latest.copyTo(out);
    }
}
