package dev.starling.visualizer.event;

/**
 * Outcome of decoding one stream object. A result type instead of an exception because a bad
 * event from one peer is routine input, not a failure of the caller.
 */
public sealed interface DecodeResult {

    record Accepted(TopologyEvent event) implements DecodeResult {}

    /** {@code reason} is safe to log: it quotes at most a short, sanitized piece of the input. */
    record Rejected(String reason) implements DecodeResult {}
}
