package dev.starling.node.media.source;

import dev.starling.node.timesync.WallClock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes {@link AudioFrames} into an {@link AudioOutlet} in 10 ms frames, paced by the wall
 * clock: frame f is pushed once {@code epoch + f * 10 ms} has passed, never earlier, so a
 * synthetic marker leaves at its scheduled time plus scheduling delay. After a stall it skips
 * ahead instead of bursting, keeping the schedule honest.
 *
 * <p>Each push is scheduled for the instant its frame is due rather than polled for: whatever a
 * frame waits here, every receiver hears later, and a mixer's pushes add it again on each hop.
 */
public final class AudioPusher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AudioPusher.class);
    private static final int MAX_CATCH_UP_FRAMES = 5;
    /** While paused nothing is due; look again this often. */
    private static final long PAUSED_RECHECK_MICROS = 5_000;

    private final AudioOutlet outlet;
    private final AudioFrames frames;
    private final long epochMillis;
    private final WallClock clock;
    private final PushTiming timing;
    private final Object pushLock = new Object();
    private boolean paused;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> task;
    private long nextFrame;
    private long framesPushed;
    private Runnable unsubscribe = () -> {};
    /** Set when frames became ready early; the tick then in progress looks again at once. */
    private volatile boolean woken;

    private final short[] samples = new short[AudioFrames.FRAME_SAMPLES];

    /**
     * @param epochMillis wall-clock time at which frame 0 is due
     * @param timing where each push's lateness and each skip are counted
     */
    public AudioPusher(AudioOutlet outlet, AudioFrames frames, long epochMillis, WallClock clock, PushTiming timing) {
        this.outlet = outlet;
        this.frames = frames;
        this.epochMillis = epochMillis;
        this.clock = clock;
        this.timing = timing;
    }

    public synchronized void start(ScheduledExecutorService scheduler) {
        if (task == null) {
            this.scheduler = scheduler;
            unsubscribe = frames.whenReady(this::wake);
            scheduleNext(0);
        }
    }

    private synchronized void scheduleNext(long delayMicros) {
        if (task != null) {
            task.cancel(false);
        }
        task = scheduler.schedule(this::tick, Math.max(0, delayMicros), TimeUnit.MICROSECONDS);
    }

    /** Frames became ready before their time: push them now rather than at the next tick. */
    private synchronized void wake() {
        if (task != null) {
            woken = true;
            scheduleNext(0);
        }
    }

    /**
     * Stops feeding the source until {@link #resume()}; returns only once no push is in flight.
     * While libwebrtc's audio device records (it restarts recording whenever a new send stream
     * starts) a concurrent push into the same send stream aborts the process.
     */
    public void pause() {
        synchronized (pushLock) {
            paused = true;
        }
    }

    public void resume() {
        synchronized (pushLock) {
            paused = false;
        }
    }

    private void tick() {
        woken = false;
        long delay;
        synchronized (pushLock) {
            if (paused) {
                delay = PAUSED_RECHECK_MICROS;
            } else {
                pushDue();
                // Without an early arrival, the next frame is pushed when it is due, or as silence
                // once a captured signal has had its grace.
                delay = epochMillis * 1000 + (nextFrame + frames.lateFrames()) * 10_000 - clock.nowMicros();
            }
        }
        synchronized (this) {
            if (task != null) { // not closed meanwhile
                scheduleNext(woken ? 0 : delay);
            }
        }
    }

    private void pushDue() {
        try {
            double sinceEpoch = clock.nowMillis() - epochMillis;
            long due = (long) Math.floor(sinceEpoch / 10.0); // last frame whose start time has passed
            long ready = frames.readyThrough(due);
            if (ready < nextFrame) {
                return;
            }
            if (!frames.live()) {
                nextFrame = due + 1; // resumes on schedule, without a burst of what was not there
                return;
            }
            if (due - nextFrame > MAX_CATCH_UP_FRAMES) {
                timing.skipped(due - nextFrame);
                nextFrame = due;
            }
            while (nextFrame <= ready) {
                timing.pushed(Math.max(0, sinceEpoch - nextFrame * 10.0));
                frames.render(nextFrame, samples);
                outlet.push(nextFrame, samples);
                nextFrame++;
                framesPushed++;
            }
        } catch (RuntimeException e) {
            log.warn("audio push failed: {}", e.toString());
        }
    }

    public long framesPushed() {
        return framesPushed;
    }

    /** Stops pushing; waits for an in-flight push so the source can be disposed safely afterwards. */
    @Override
    public synchronized void close() {
        pause();
        unsubscribe.run();
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
