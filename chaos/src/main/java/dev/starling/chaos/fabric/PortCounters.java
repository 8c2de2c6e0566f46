package dev.starling.chaos.fabric;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to the frames of one port. Inbound counters are for frames the node sent into the
 * fabric, outbound ones for frames written to it; the selftest cross-checks its measurements
 * against these, so a drop anywhere in the fabric is always attributable.
 */
public final class PortCounters {
    final LongAdder received = new LongAdder();
    final LongAdder flooded = new LongAdder();
    final LongAdder droppedImpairment = new LongAdder();
    final LongAdder droppedPartition = new LongAdder();
    final LongAdder duplicated = new LongAdder();
    final LongAdder corrupted = new LongAdder();
    final LongAdder droppedQueueFull = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder writeErrors = new LongAdder();

    public Snapshot snapshot() {
        return new Snapshot(
                received.sum(),
                flooded.sum(),
                droppedImpairment.sum(),
                droppedPartition.sum(),
                duplicated.sum(),
                corrupted.sum(),
                droppedQueueFull.sum(),
                written.sum(),
                writeErrors.sum());
    }

    /**
     * @param received           frames read from the node
     * @param flooded            of those, broadcast/multicast/unknown-destination frames sent to every port
     * @param droppedImpairment  unicast frames the link's loss (or rate queue bound) dropped
     * @param droppedPartition   frames (any kind) a partition stopped
     * @param duplicated         extra copies made by the duplicate model
     * @param corrupted          copies with a flipped bit
     * @param droppedQueueFull   frames for this port refused because its delivery queue was full
     * @param written            frames written to the node
     * @param writeErrors        writes the kernel refused
     */
    public record Snapshot(
            long received,
            long flooded,
            long droppedImpairment,
            long droppedPartition,
            long duplicated,
            long corrupted,
            long droppedQueueFull,
            long written,
            long writeErrors) {}
}
