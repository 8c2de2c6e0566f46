package dev.starling.node.media.playout;

import dev.starling.node.timesync.WallClock;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one audio clock: every 10 ms it gives each link's {@link LinkPlayout} its turn, on
 * the fixed {@link TurnGrid}, so over any stretch 100 turns a second are played, even on a loaded
 * machine without real-time threads. (libwebrtc 0.14's headless audio device times each pull
 * from the moment it woke, and under load pulls fewer: docs/audio.md.)
 */
public final class PlayoutClock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlayoutClock.class);

    /** Turns played in one wake-up at most; a machine too slow for real time skips the rest. */
    private static final int MAX_TURNS_AT_ONCE = 25;

    private final List<LinkPlayout> links = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    /**
     * How long before each of the node's own frames is due its turn comes: a mixer's bus then
     * gets the decoded audio just before the pushers mix that frame. Half a frame: a turn that
     * runs later than this misses the frame (the bus counts it late), and one that comes earlier
     * adds its lead to every hop.
     */
    static final double LEAD_MILLIS = 5;

    private final WallClock clock;
    private final TurnGrid grid;

    /** @param epochMillis the node's marker epoch, on which its own frames are due every 10 ms */
    public PlayoutClock(String nodeId, WallClock clock, long epochMillis) {
        this.clock = clock;
        this.grid = new TurnGrid(epochMillis - LEAD_MILLIS);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-playout-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::tick);
    }

    public void add(LinkPlayout link) {
        links.add(link);
    }

    /** Stops giving {@code link} turns; a turn in progress finishes first (see {@link LinkPlayout#close()}). */
    public void remove(LinkPlayout link) {
        links.remove(link);
    }

    /** Plays every turn that is due (more than one only after a late wake-up), then sleeps until the next. */
    private void tick() {
        double nextMillis;
        synchronized (grid) {
            OptionalDouble turn;
            for (int played = 0;
                    played < MAX_TURNS_AT_ONCE && (turn = grid.next(clock.nowMillis())).isPresent();
                    played++) {
                play(turn.getAsDouble());
            }
            nextMillis = grid.upcoming(clock.nowMillis());
        }
        long delayMicros = Math.max(0, Math.round((nextMillis - clock.nowMillis()) * 1000));
        try {
            thread.schedule(this::tick, delayMicros, TimeUnit.MICROSECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void play(double turnMillis) {
        for (LinkPlayout link : links) {
            try {
                link.turn(turnMillis);
            } catch (RuntimeException | Error e) {
                log.warn("audio playout for {} failed: {}", link.remotePeer(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
