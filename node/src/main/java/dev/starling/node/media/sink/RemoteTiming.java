package dev.starling.node.media.sink;

import dev.starling.node.media.synthetic.MarkerSchedule;
import dev.starling.node.mixing.CompositeContents;
import dev.starling.node.timesync.ClockOffset;
import java.util.Optional;

/**
 * What a receiver knows about a sender's clock, marker schedule and composites, learned over the
 * data channel.
 */
public interface RemoteTiming {
    Optional<ClockOffset> clockOffset();

    Optional<MarkerSchedule> markerSchedule();

    /** The marker slot the sender announced; empty until it did. */
    default java.util.OptionalInt markerSlot() {
        return java.util.OptionalInt.empty();
    }

    /**
     * Whether the sender announced that this link carries at most its own voice (no mix); then a
     * marker of any other slot can only be a misread. Before the sender's first announcement the
     * link is taken to carry its own voice.
     */
    default boolean carriesOnlyItsOwnVoice() {
        return false;
    }

    /**
     * What the sender's composite stamped {@code stampMillis} shows, as it announced; empty when the
     * picture is not a composite (or its announcement was lost). Each is given out once.
     */
    default Optional<CompositeContents> composite(long stampMillis) {
        return Optional.empty();
    }

    /** False during the start-up transient, when latency samples would describe ramp-up, not the link. */
    boolean steady();
}
