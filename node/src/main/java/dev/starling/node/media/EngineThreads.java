package dev.starling.node.media;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every thread the engine runs, in one place because they must stop in one order: polling and
 * routing first, so nothing new reaches the links; negotiation once the links have closed; the
 * pushers, replies and deliveries after that. Each pool has its own job so a slow one (a peer
 * stalling negotiation, a blocking file delivery) never delays another; all are daemon threads
 * named after the node.
 */
final class EngineThreads {
    private static final Logger log = LoggerFactory.getLogger(EngineThreads.class);
    private static final int FILE_DELIVERY_QUEUE = 64;
    /** Audio packets waiting to be sent, over all links: 160 ms of a mixer's with 8 links. */
    private static final int AUDIO_SEND_QUEUE = 128;

    private final ExecutorService signaling;
    private final ExecutorService negotiation;
    private final ExecutorService control;
    /**
     * Hands transfers from the file channels (libwebrtc's thread) to the file service, which may
     * block on its own sends; bounded, so a peer that floods us costs dropped transfers, which
     * the downloader re-requests, rather than memory.
     */
    private final ExecutorService fileDelivery;

    private final ExecutorService probes;
    /**
     * Hands audio packets to libwebrtc: a data channel send waits for libwebrtc's network thread,
     * which video keeps busy, and the audio pushers must not wait with it. Bounded: a packet that
     * cannot be queued is dropped, as the network would.
     */
    private final ThreadPoolExecutor audioSends;

    private final ScheduledExecutorService media;
    private final ScheduledExecutorService audio;
    private final ScheduledExecutorService poller;

    EngineThreads(String id) {
        this.signaling = Executors.newSingleThreadExecutor(named("media-signal-" + id));
        this.negotiation = Executors.newCachedThreadPool(named("media-negotiate-" + id));
        this.control = Executors.newSingleThreadExecutor(named("media-control-" + id));
        this.fileDelivery = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(FILE_DELIVERY_QUEUE), named("media-files-" + id));
        this.probes = Executors.newCachedThreadPool(named("media-probe-" + id));
        this.audioSends = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(AUDIO_SEND_QUEUE),
                named("media-audio-send-" + id),
                new ThreadPoolExecutor.DiscardPolicy());
        this.media = Executors.newScheduledThreadPool(2, named(VideoThreads.PUSHERS + id));
        this.audio = Executors.newSingleThreadScheduledExecutor(named("media-audio-" + id));
        this.poller = Executors.newSingleThreadScheduledExecutor(named("media-stats-" + id));
    }

    /** The one thread room calls are routed on; it never waits on libwebrtc. */
    Executor signaling() {
        return signaling;
    }

    /** Shared pool on which each link runs its own serial negotiation queue. */
    Executor negotiation() {
        return negotiation;
    }

    /** Runs data-channel replies; after close, replies are dropped rather than refused. */
    Executor controlReplies() {
        return task -> {
            try {
                control.execute(task);
            } catch (RejectedExecutionException ignored) {
                // engine closing
            }
        };
    }

    /** Sends audio packets in the order given; drops one when {@value #AUDIO_SEND_QUEUE} are waiting. */
    Executor audioSends() {
        return audioSends;
    }

    /** Bounded: refuses (throws) when full. */
    Executor fileDelivery() {
        return fileDelivery;
    }

    Executor probes() {
        return probes;
    }

    /** Video pushes. */
    ScheduledExecutorService media() {
        return media;
    }

    /** Audio pushes only: a 10 ms frame pushed late reaches the receiver as jitter. */
    ScheduledExecutorService audio() {
        return audio;
    }

    /** Runs {@code task} once a second, from a second from now. */
    void everySecond(Runnable task) {
        every(1_000, task);
    }

    /**
     * Runs {@code task} every {@code millis} ms on the polling thread (a late run only delays it).
     * A run that throws is logged: the executor would otherwise cancel every later run, silently.
     */
    void every(long millis, Runnable task) {
        poller.scheduleAtFixedRate(guarded("periodic", task), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once, {@code millis} ms from now, on the polling thread. */
    void after(long millis, Runnable task) {
        poller.schedule(guarded("delayed", task), millis, TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(String kind, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} media task failed: {}", kind, e.toString());
            }
        };
    }

    /** First step of close: no more polls, and routing drains what is queued (it is quick). */
    void stopPollingAndRouting() {
        shutdown(poller);
        signaling.shutdown();
        await(signaling);
    }

    /** Last step of close, once every link has closed. */
    void stopTheRest() {
        negotiation.shutdown();
        await(negotiation);
        shutdown(media);
        shutdown(audio);
        shutdown(control);
        shutdown(audioSends);
        shutdown(fileDelivery);
        probes.shutdownNow();
    }

    private static void shutdown(ExecutorService e) {
        e.shutdownNow();
        await(e);
    }

    private static void await(ExecutorService e) {
        try {
            if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("executor did not stop in time");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
