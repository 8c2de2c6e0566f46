package dev.starling.protocol;

/** Why an incoming frame was not turned into an envelope. Each reason has its own counter. */
public enum Rejection {
    /** Larger than the codec's configured maximum; not parsed at all. */
    OVERSIZED,
    /** Not a valid protobuf Envelope (truncated, corrupt, wrong wire types). */
    MALFORMED,
    /** An envelope from a newer protocol version than this build understands. */
    FUTURE_VERSION,
    /** A body kind this build does not know (a newer field, or no body at all). */
    UNKNOWN_KIND,
    /** Missing sender or other fields every envelope must carry. */
    INCOMPLETE
}
