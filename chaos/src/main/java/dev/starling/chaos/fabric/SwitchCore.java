package dev.starling.chaos.fabric;

import dev.starling.chaos.impairment.Corruption;
import dev.starling.chaos.impairment.Decision;
import dev.starling.chaos.impairment.Delivery;
import dev.starling.chaos.impairment.LinkImpairment;
import java.util.List;

/**
 * The forwarding decision of the switch, free of I/O: learn the source, pick output ports, apply
 * the directed link's impairment to unicast frames and hand each copy to a {@link Output} with its
 * delivery time. Group (broadcast/multicast) and unknown-destination frames are flooded without
 * impairment, because impairing ARP would turn a delay test into an ARP-timeout test; partitions
 * still apply to them, since a partition means "no traffic at all".
 * A frame from port p is only ever handled on p's reader thread, which is what makes the
 * (non-thread-safe) pipeline of link p->q safe to use here.
 */
final class SwitchCore {
    /** Where forwarded copies go; returns false if the port's queue is full. */
    interface Output {
        boolean deliver(int port, long atNanos, byte[] frame);
    }

    private final MacTable macs;
    private final LinkPolicy policy;
    private final PortCounters[] counters;
    private final Output output;

    SwitchCore(MacTable macs, LinkPolicy policy, List<PortCounters> counters, Output output) {
        if (counters.size() != policy.ports()) throw new IllegalArgumentException("one counter set per port");
        this.macs = macs;
        this.policy = policy;
        this.counters = counters.toArray(PortCounters[]::new);
        this.output = output;
    }

    /** Handles one frame read from {@code in}; the array is owned by the switch from here on. */
    void forward(int in, byte[] frame, long nowNanos) {
        PortCounters c = counters[in];
        c.received.increment();
        if (frame.length < Ethernet.HEADER_BYTES) return; // a runt cannot be switched
        long dst = Ethernet.destination(frame);
        macs.learn(Ethernet.source(frame), in, nowNanos);
        int out = Ethernet.isGroup(dst) ? MacTable.UNKNOWN : macs.lookup(dst, nowNanos);
        if (out == MacTable.UNKNOWN) {
            flood(in, frame, nowNanos);
        } else if (out != in) { // a frame back to its own port would loop; a hub drops it too
            unicast(in, out, frame, nowNanos);
        }
    }

    private void flood(int in, byte[] frame, long nowNanos) {
        counters[in].flooded.increment();
        for (int p = 0; p < counters.length; p++) {
            if (p == in) continue;
            if (policy.blocked(in, p)) {
                counters[in].droppedPartition.increment();
            } else {
                enqueue(p, nowNanos, frame);
            }
        }
    }

    private void unicast(int in, int out, byte[] frame, long nowNanos) {
        PortCounters c = counters[in];
        if (policy.blocked(in, out)) {
            c.droppedPartition.increment();
            return;
        }
        LinkImpairment link = policy.impairment(in, out);
        if (link == null) {
            enqueue(out, nowNanos, frame);
            return;
        }
        Decision d = link.decide(nowNanos, frame.length);
        if (d.dropped()) {
            c.droppedImpairment.increment();
            return;
        }
        if (d.duplicated()) c.duplicated.increment();
        for (Delivery copy : d.deliveries()) {
            byte[] bytes = frame;
            if (copy.corrupted()) {
                // The bit index may fall in the Ethernet header, as with netem on a veth, where the
                // qdisc sees the MAC header too; the receiving kernel then drops the frame.
                bytes = frame.clone();
                Corruption.flip(bytes, copy.flippedBit());
                c.corrupted.increment();
            } else if (d.duplicated()) {
                bytes = frame.clone(); // copies are written independently; never share a buffer
            }
            enqueue(out, copy.atNanos(), bytes);
        }
    }

    private void enqueue(int port, long atNanos, byte[] frame) {
        if (!output.deliver(port, atNanos, frame)) counters[port].droppedQueueFull.increment();
    }
}
