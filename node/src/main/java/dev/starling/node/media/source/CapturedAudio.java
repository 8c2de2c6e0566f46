package dev.starling.node.media.source;

import dev.starling.node.media.synthetic.Pcm;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Audio that arrives on a device's clock (chunks of any length, at any rate), served as frames on
 * the node's frame clock.
 *
 * <p>The links' pushers drive it: the first render of a frame index newer than any before takes
 * the oldest complete captured frame, and every other link rendering that index gets the same
 * samples. So a captured frame waits at most until the next push, and the device's clock never
 * has to agree with ours: if the device runs fast, frames queue up to {@value #MAX_QUEUED_FRAMES}
 * and the oldest are dropped (bounded delay); if it runs slow or stalls, the frame is silence.
 * The queue absorbs bursts (a browser page's audio arrives a few frames at a time), but what
 * stays queued through a whole {@value #TRIM_WINDOW_FRAMES}-frame window is only delay, so that
 * much is dropped at the window's end. Thread-safe: capture and renders come from different threads.
 */
public final class CapturedAudio implements AudioFrames {
    static final int MAX_QUEUED_FRAMES = 4;
    /** Half a second: long enough to see the bursts a page's main thread makes, short enough to act. */
    static final int TRIM_WINDOW_FRAMES = 50;
    /** Rendered frames kept for links a little behind the first one. */
    private static final int HISTORY_FRAMES = 8;

    private final ArrayDeque<short[]> queued = new ArrayDeque<>();
    private final short[] partial = new short[FRAME_SAMPLES];
    private int partialLength;
    private final short[][] history = new short[HISTORY_FRAMES][];
    private long newestRendered = Long.MIN_VALUE;
    private int fewestQueued = Integer.MAX_VALUE;
    private int rendersInWindow;
    private long trimmed;
    private long dropped;
    private long silent;
    private long captured;

    /** Appends captured mono samples at {@link #SAMPLE_RATE}; copies them. */
    public synchronized void offer(short[] mono) {
        int at = 0;
        while (at < mono.length) {
            int n = Math.min(FRAME_SAMPLES - partialLength, mono.length - at);
            System.arraycopy(mono, at, partial, partialLength, n);
            partialLength += n;
            at += n;
            if (partialLength == FRAME_SAMPLES) {
                queued.addLast(partial.clone());
                partialLength = 0;
                captured++;
                if (queued.size() > MAX_QUEUED_FRAMES) {
                    queued.removeFirst();
                    dropped++;
                }
            }
        }
    }

    /**
     * Appends one device callback's interleaved little-endian 16-bit PCM, averaged to mono and
     * resampled to {@link #SAMPLE_RATE} if the device runs at another rate.
     */
    public void offer(byte[] interleaved, int channels, int sampleRate, int frames) {
        short[] mono = Pcm.averageChannels(interleaved, channels, frames);
        offer(sampleRate == SAMPLE_RATE ? mono : Pcm.resample(mono, sampleRate, SAMPLE_RATE));
    }

    @Override
    public synchronized void render(long frameIndex, short[] out) {
        if (newestRendered == Long.MIN_VALUE || frameIndex > newestRendered) {
            long from = newestRendered == Long.MIN_VALUE
                    ? frameIndex
                    : Math.max(newestRendered + 1, frameIndex - HISTORY_FRAMES + 1);
            for (long f = from; f <= frameIndex; f++) {
                short[] next = queued.pollFirst();
                if (next == null) {
                    silent++;
                }
                history[slot(f)] = next;
            }
            newestRendered = frameIndex;
            trimStandingQueue();
        }
        short[] held = frameIndex > newestRendered - HISTORY_FRAMES ? history[slot(frameIndex)] : null;
        if (held == null) {
            Arrays.fill(out, (short) 0);
        } else {
            System.arraycopy(held, 0, out, 0, FRAME_SAMPLES);
        }
    }

    /** Drops the frames that stayed queued through a whole window: they were delay, not a burst. */
    private void trimStandingQueue() {
        fewestQueued = Math.min(fewestQueued, queued.size());
        if (++rendersInWindow < TRIM_WINDOW_FRAMES) {
            return;
        }
        for (int i = 0; i < fewestQueued; i++) {
            queued.pollFirst();
            trimmed++;
        }
        fewestQueued = Integer.MAX_VALUE;
        rendersInWindow = 0;
    }

    private static int slot(long frameIndex) {
        return (int) Math.floorMod(frameIndex, (long) HISTORY_FRAMES);
    }

    /**
     * Frames captured, dropped for queueing too deep, trimmed for standing in the queue, and
     * rendered as silence for want of capture.
     */
    public synchronized String counters() {
        return "captured " + captured + ", dropped " + dropped + ", trimmed " + trimmed + ", silent " + silent;
    }

    public synchronized long framesCaptured() {
        return captured;
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized long silent() {
        return silent;
    }
}
