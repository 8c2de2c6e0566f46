package dev.starling.node.election;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread the election lives on. {@link Election} and the service's parts are not
 * thread-safe, so the room, the membership, the media probes and the API only enqueue here; and a
 * task that fails (one lost send) is logged rather than allowed to stop the loop, because the
 * election's own timeouts already cover a lost message.
 */
final class ElectionLoop {
    private static final Logger log = LoggerFactory.getLogger(ElectionLoop.class);

    private final Executor executor;

    ElectionLoop(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code task} later on the loop. */
    void execute(Runnable task) {
        executor.execute(() -> guarded(task));
    }

    /** Computes a value on the loop, for callers on other threads. */
    <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, executor);
    }

    /** Runs {@code task} now, on the calling (loop) thread, logging instead of propagating a failure. */
    static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("election task failed: {}", e.toString());
        }
    }
}
