package dev.starling.protocol;

/** The envelope versions this build speaks. */
public final class WireVersion {
    /** Version written by this build. */
    public static final int CURRENT = 2;

    private WireVersion() {}
}
