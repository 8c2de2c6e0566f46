package dev.starling.chaos.impairment;

import java.util.List;

/** The fate of one packet: no deliveries means dropped, two means duplicated. */
public record Decision(List<Delivery> deliveries) {
    private static final Decision DROP = new Decision(List.of());

    public Decision {
        deliveries = List.copyOf(deliveries);
    }

    public static Decision drop() {
        return DROP;
    }

    public boolean dropped() {
        return deliveries.isEmpty();
    }

    public boolean duplicated() {
        return deliveries.size() > 1;
    }
}
