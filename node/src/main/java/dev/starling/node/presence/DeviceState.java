package dev.starling.node.presence;

/** A participant's microphone, camera or screen: sending, turned off, or not there at all. */
public enum DeviceState {
    ON,
    OFF,
    NONE
}
