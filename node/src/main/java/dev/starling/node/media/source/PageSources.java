package dev.starling.node.media.source;

import dev.starling.node.media.synthetic.VideoStamper;
import dev.starling.node.presence.CallState;
import dev.starling.node.presence.DeviceState;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code --media browser}: what the node sends is what its call page captures. Until a page
 * attaches, and after it detaches, the node sends nothing at all. A muted microphone sends
 * silence rather than nothing: an audio stream that stops and restarts comes back with a deep
 * jitter buffer at every receiver (its RTP clock stood still), while Opus codes silence in a few
 * bytes. A camera turned off sends nothing; the others show a placeholder from the gossiped state.
 */
public final class PageSources implements LocalSources {
    /** The screen's size and rate: still pictures that must stay legible, at a cost two cores can bear. */
    public static final int SCREEN_WIDTH = 640;

    public static final int SCREEN_HEIGHT = 360;
    public static final int SCREEN_FPS = 5;

    private final CapturedAudio captured = new CapturedAudio();
    private final PagePicture camera;
    private final PagePicture screen;
    private final SyntheticSources markers;
    private volatile boolean attached;
    private volatile CallState state = new CallState(DeviceState.NONE, DeviceState.NONE, DeviceState.NONE);

    /** @param width, height, fps what the camera is sent as, whatever size the page captures */
    public PageSources(int width, int height, int fps) {
        this(width, height, fps, null);
    }

    /**
     * @param markers when not null, the lab's latency markers are mixed into the page's audio and
     *                its stamp drawn into the camera picture, so node-to-node latency is measured
     *                on page media too (audible: for labs, not for calls)
     */
    public PageSources(int width, int height, int fps, SyntheticSources markers) {
        this.markers = markers;
        this.camera = new PagePicture(width, height, fps);
        this.screen = new PagePicture(SCREEN_WIDTH, SCREEN_HEIGHT, SCREEN_FPS);
    }

    /** A page attached: its state decides what is sent from now on. */
    public void attach() {
        attached = true;
    }

    /** The page went away: nothing is sent until the next one attaches. */
    public void detach() {
        attached = false;
        apply(new CallState(DeviceState.NONE, DeviceState.NONE, DeviceState.NONE));
    }

    public boolean attached() {
        return attached;
    }

    /** What the page says it sends. */
    public void apply(CallState next) {
        state = next;
        camera.switchTo(next.video() == DeviceState.ON);
        screen.switchTo(next.screen() == DeviceState.ON);
    }

    public CallState state() {
        return state;
    }

    /** Microphone samples from the attached page: mono, 48 kHz. */
    public void offerAudio(short[] pcm) {
        captured.offer(pcm);
    }

    /** A picture from the attached page: packed I420 of even size. */
    public void offerPicture(VideoSourceKind source, int width, int height, byte[] i420) {
        (source == VideoSourceKind.SCREEN ? screen : camera).offer(width, height, i420);
    }

    /** The camera as sent: the size the page should capture at. */
    public VideoFrames camera() {
        return camera;
    }

    /** The shared screen, as a second picture; live only while the page shares one. */
    @Override
    public VideoFrames screen() {
        return screen;
    }

    /** Pictures taken from the page since start, camera and screen, and audio frames: for /api/call. */
    public String counters() {
        return "camera pictures " + camera.received() + ", screen pictures " + screen.received() + ", audio "
                + captured.counters();
    }

    @Override
    public AudioFrames audio(int markerSlot) {
        AudioFrames marker = markers == null ? null : markers.audio(markerSlot);
        short[] tone = new short[AudioFrames.FRAME_SAMPLES];
        return new AudioFrames() {
            @Override
            public void render(long frameIndex, short[] out) {
                captured.render(frameIndex, out); // takes the captured frame even while muted
                if (state.audio() != DeviceState.ON) {
                    Arrays.fill(out, (short) 0); // muted is silent: no markers either
                    return;
                }
                if (marker != null) {
                    synchronized (tone) {
                        marker.render(frameIndex, tone);
                        for (int i = 0; i < out.length; i++) {
                            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, out[i] + tone[i]));
                        }
                    }
                }
            }

            @Override
            public boolean live() {
                return attached && state.audio() != DeviceState.NONE;
            }

            @Override
            public long readyThrough(long dueFrame) {
                return captured.readyThrough(dueFrame);
            }

            @Override
            public int lateFrames() {
                return captured.lateFrames();
            }

            @Override
            public Runnable whenReady(Runnable ready) {
                return captured.whenReady(ready);
            }
        };
    }

    @Override
    public VideoFrames video(int videoTag) {
        return stamper(videoTag)
                .<VideoFrames>map(s -> new StampedPicture(camera, s))
                .orElse(camera);
    }

    @Override
    public Optional<VideoStamper> stamper(int videoTag) {
        return markers == null ? Optional.empty() : markers.stamper(videoTag);
    }

    /** Nothing until a page attaches and says what it sends. */
    @Override
    public CallState initialCallState() {
        return CallState.NONE;
    }

    @Override
    public String describe() {
        return "the call page's microphone and camera (sent as " + camera.width() + "x" + camera.height()
                + "), once a page attaches";
    }
}
