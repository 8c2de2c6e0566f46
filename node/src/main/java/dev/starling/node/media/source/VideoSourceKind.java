package dev.starling.node.media.source;

/** Which of a participant's pictures: the camera, or a shared screen. */
public enum VideoSourceKind {
    CAMERA,
    SCREEN;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
