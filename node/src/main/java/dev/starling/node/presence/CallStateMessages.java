package dev.starling.node.presence;

import dev.starling.protocol.v1.CallStateUpdate;
import java.util.Optional;

/** Call states to and from their wire form, {@link CallStateUpdate}. */
final class CallStateMessages {
    private CallStateMessages() {}

    static CallStateUpdate toWire(CallState state, long sequence) {
        return CallStateUpdate.newBuilder()
                .setAudio(device(state.audio()))
                .setVideo(device(state.video()))
                .setScreen(device(state.screen()))
                .setSequence(sequence)
                .build();
    }

    /** The state an update carries; empty when a device is unset or a value this release does not know. */
    static Optional<CallState> fromWire(CallStateUpdate update) {
        Optional<DeviceState> audio = device(update.getAudio());
        Optional<DeviceState> video = device(update.getVideo());
        Optional<DeviceState> screen = device(update.getScreen());
        if (audio.isEmpty() || video.isEmpty() || screen.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CallState(audio.get(), video.get(), screen.get()));
    }

    private static CallStateUpdate.Device device(DeviceState state) {
        return switch (state) {
            case ON -> CallStateUpdate.Device.DEVICE_ON;
            case OFF -> CallStateUpdate.Device.DEVICE_OFF;
            case NONE -> CallStateUpdate.Device.DEVICE_NONE;
        };
    }

    private static Optional<DeviceState> device(CallStateUpdate.Device device) {
        return switch (device) {
            case DEVICE_ON -> Optional.of(DeviceState.ON);
            case DEVICE_OFF -> Optional.of(DeviceState.OFF);
            case DEVICE_NONE -> Optional.of(DeviceState.NONE);
            case DEVICE_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
        };
    }
}
