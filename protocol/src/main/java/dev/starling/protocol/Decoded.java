package dev.starling.protocol;

import dev.starling.protocol.v1.Envelope;
import java.util.Objects;
import java.util.Optional;

/** Outcome of decoding one frame: either an envelope or the reason it was dropped. */
public final class Decoded {
    private final Envelope envelope;
    private final Rejection rejection;
    private final String detail;

    private Decoded(Envelope envelope, Rejection rejection, String detail) {
        this.envelope = envelope;
        this.rejection = rejection;
        this.detail = detail;
    }

    static Decoded accepted(Envelope envelope) {
        return new Decoded(Objects.requireNonNull(envelope), null, "");
    }

    static Decoded rejected(Rejection rejection, String detail) {
        return new Decoded(null, Objects.requireNonNull(rejection), detail);
    }

    public boolean isAccepted() {
        return envelope != null;
    }

    public Optional<Envelope> envelope() {
        return Optional.ofNullable(envelope);
    }

    public Optional<Rejection> rejection() {
        return Optional.ofNullable(rejection);
    }

    /** Human-readable reason, for logs; never contains payload bytes. */
    public String detail() {
        return detail;
    }
}
