package dev.starling.node.presence;

/** What a participant sends: microphone, camera and screen. */
public record CallState(DeviceState audio, DeviceState video, DeviceState screen) {}
