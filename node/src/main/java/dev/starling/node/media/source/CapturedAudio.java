package dev.starling.node.media.source;

import dev.starling.node.media.synthetic.Pcm;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Audio that arrives on a device's clock (chunks of any length, at any rate), numbered on the
 * node's frame clock and sent as soon as each 10 ms frame is complete.
 *
 * <p>Each complete frame takes the next frame index, the one due on our clock when the device
 * resumes after a stall. Pushers send it at once ({@link #whenReady}, {@link #readyThrough}): a
 * captured frame that waited for our clock's next tick would wait up to 10 ms plus whatever
 * standing queue the device's bursts built up, and a browser page delivers its audio a few frames
 * at a time. Sent on arrival, the device's irregularity reaches the receivers as jitter, which
 * their jitter buffers absorb once, with the network's. A frame the device has not delivered
 * {@value #LATE_FRAMES} frames after its time is sent as silence; frames numbered more than
 * {@value #AHEAD_FRAMES} ahead of our clock (a device that runs fast) are dropped.
 *
 * <p>A consumer that renders on our clock instead (a mixer's bus) takes the frames in order, as
 * from a queue; what stays ahead of its renders through a whole {@value #TRIM_WINDOW_FRAMES}-frame
 * window is only delay, so that much is dropped at the window's end. Every link rendering an
 * index gets the same samples. Thread-safe: capture and renders come from different threads.
 */
public final class CapturedAudio implements AudioFrames {
    static final int AHEAD_FRAMES = 4;
    static final int LATE_FRAMES = 3;
    /** Half a second: long enough to see the bursts a page makes, short enough to act. */
    static final int TRIM_WINDOW_FRAMES = 50;
    /** Numbered frames kept: those ahead of the clock and a few for links a little behind. */
    private static final int HISTORY_FRAMES = 16;

    private final ArrayDeque<short[]> unnumbered = new ArrayDeque<>();
    private final short[] partial = new short[FRAME_SAMPLES];
    private int partialLength;
    private final short[][] history = new short[HISTORY_FRAMES][];
    private final long[] historyIndex = new long[HISTORY_FRAMES];
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** The newest index given to a captured frame, and the newest rendered as silence for want of one. */
    private long newest = Long.MIN_VALUE;

    private long closed = Long.MIN_VALUE;
    private long newestRendered = Long.MIN_VALUE;
    /** The fewest frames numbered ahead of the clock this window, as pushers saw it, and as renders did. */
    private long fewestAheadOfClock = Long.MAX_VALUE;

    private long fewestAheadOfRenders = Long.MAX_VALUE;
    private int rendersInWindow;
    private int trimPending;
    private long trimmed;
    private long dropped;
    private long silent;
    private long captured;

    public CapturedAudio() {
        Arrays.fill(historyIndex, Long.MIN_VALUE);
    }

    /** Appends captured mono samples at {@link #SAMPLE_RATE}; copies them. */
    public void offer(short[] mono) {
        boolean completed = false;
        synchronized (this) {
            int at = 0;
            while (at < mono.length) {
                int n = Math.min(FRAME_SAMPLES - partialLength, mono.length - at);
                System.arraycopy(mono, at, partial, partialLength, n);
                partialLength += n;
                at += n;
                if (partialLength == FRAME_SAMPLES) {
                    unnumbered.addLast(partial.clone());
                    partialLength = 0;
                    captured++;
                    completed = true;
                    if (unnumbered.size() > HISTORY_FRAMES) { // nobody renders: keep only the newest
                        unnumbered.removeFirst();
                        dropped++;
                    }
                }
            }
        }
        if (completed) {
            listeners.forEach(Runnable::run);
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
    public Runnable whenReady(Runnable ready) {
        listeners.add(ready);
        return () -> listeners.remove(ready);
    }

    @Override
    public int lateFrames() {
        return LATE_FRAMES;
    }

    @Override
    public synchronized long readyThrough(long dueFrame) {
        number(dueFrame);
        if (newest != Long.MIN_VALUE) {
            fewestAheadOfClock = Math.min(fewestAheadOfClock, newest - dueFrame);
        }
        return newest == Long.MIN_VALUE ? dueFrame - LATE_FRAMES : Math.max(newest, dueFrame - LATE_FRAMES);
    }

    /** Gives the frames captured since the last call their indices, {@code dueFrame} being due now. */
    private void number(long dueFrame) {
        while (trimPending > 0 && !unnumbered.isEmpty()) {
            unnumbered.removeFirst();
            trimPending--;
            trimmed++;
        }
        if (unnumbered.isEmpty()) {
            return;
        }
        long index = newest == Long.MIN_VALUE || newest < dueFrame - LATE_FRAMES
                ? Math.max(dueFrame, closed + 1) // (re)starting: on time
                : Math.max(newest + 1, closed + 1);
        // More than fits before the bound: the oldest go, so what is sent stays the newest.
        while (!unnumbered.isEmpty() && index + unnumbered.size() - 1 > dueFrame + AHEAD_FRAMES) {
            unnumbered.removeFirst();
            dropped++;
        }
        for (short[] frame = unnumbered.pollFirst(); frame != null; frame = unnumbered.pollFirst(), index++) {
            history[slot(index)] = frame;
            historyIndex[slot(index)] = index;
            newest = index;
        }
    }

    @Override
    public synchronized void render(long frameIndex, short[] out) {
        number(frameIndex);
        int slot = slot(frameIndex);
        boolean held = historyIndex[slot] == frameIndex;
        if (held) {
            System.arraycopy(history[slot], 0, out, 0, FRAME_SAMPLES);
        } else {
            Arrays.fill(out, (short) 0);
        }
        if (frameIndex > newestRendered) {
            newestRendered = frameIndex;
            if (!held) {
                silent++;
                closed = Math.max(closed, frameIndex);
            }
            trimStandingLead(frameIndex);
        }
    }

    /**
     * Drops as many frames as stayed numbered ahead through a whole window: they were delay, not a
     * burst. Ahead of what? Of our clock, when pushers send frames as they arrive (a device that
     * runs a little fast slowly gets ahead, and the markers in its frames would leave early); of
     * the renders, when the only consumer renders on our clock (a mixer's bus), which takes the
     * frames as from a queue. Numbered frames not yet rendered go first, then frames yet to come.
     */
    private void trimStandingLead(long rendered) {
        fewestAheadOfRenders = Math.min(fewestAheadOfRenders, newest == Long.MIN_VALUE ? 0 : newest - rendered);
        if (++rendersInWindow < TRIM_WINDOW_FRAMES) {
            return;
        }
        long excess = fewestAheadOfClock != Long.MAX_VALUE ? fewestAheadOfClock : fewestAheadOfRenders;
        for (; excess > 0 && newest > rendered; excess--) {
            historyIndex[slot(newest)] = Long.MIN_VALUE;
            newest--;
            trimmed++;
        }
        trimPending = (int) Math.max(0, Math.min(excess, AHEAD_FRAMES));
        fewestAheadOfClock = Long.MAX_VALUE;
        fewestAheadOfRenders = Long.MAX_VALUE;
        rendersInWindow = 0;
    }

    private static int slot(long frameIndex) {
        return (int) Math.floorMod(frameIndex, (long) HISTORY_FRAMES);
    }

    /**
     * Frames captured, dropped for running ahead of our clock, trimmed for standing ahead of its
     * renders, and rendered as silence for want of capture.
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
