package dev.starling.visualizer.event;

import java.util.Objects;

/** A peer's microphone ({@code audio}), camera ({@code video}) or screen changed. */
public record CallStateChanged(long at, String peerId, DeviceState audio, DeviceState video, DeviceState screen)
        implements TopologyEvent {
    public CallStateChanged {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(screen, "screen");
    }
}
