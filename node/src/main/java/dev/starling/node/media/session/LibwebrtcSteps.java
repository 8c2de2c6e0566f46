package dev.starling.node.media.session;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits for libwebrtc's asynchronous steps one at a time on the session queue, so the glare rules
 * always see the state the previous step left. A step that never finishes stalls only this link,
 * and only until its timeout, or until the link closes: close fails the awaited step at once.
 */
final class LibwebrtcSteps {
    private static final long STEP_TIMEOUT_SECONDS = 10;

    private final LinkState link;
    /** The step being awaited, failed by {@link #cancel()} so close need not wait for a timeout. */
    private volatile CompletableFuture<?> current;

    LibwebrtcSteps(LinkState link) {
        this.link = link;
    }

    <T> T await(Consumer<CompletableFuture<T>> step) throws Exception {
        if (link.closed()) {
            throw new IllegalStateException("link closing");
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        current = f;
        try {
            step.accept(f);
            return f.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            current = null;
        }
    }

    /** Fails the step being awaited, if any. Any thread. */
    void cancel() {
        CompletableFuture<?> step = current;
        if (step != null) {
            step.completeExceptionally(new IllegalStateException("link closing"));
        }
    }

    static CreateSessionDescriptionObserver created(CompletableFuture<RTCSessionDescription> f) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                f.complete(description);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    static SetSessionDescriptionObserver applied(CompletableFuture<Void> f) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(null);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }
}
