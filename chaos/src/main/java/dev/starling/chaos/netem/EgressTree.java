package dev.starling.chaos.netem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tc commands that give one interface a different impairment per destination, the way Pumba's
 * {@code netem --target IP} does it: a classful root qdisc, one class and one leaf qdisc per
 * distinct impairment, and u32 filters on the destination address. Traffic to anyone else (the
 * lab's own API polling, ARP) falls into the unshaped default class.
 *
 * <pre>
 *   root 1: htb default 1
 *   ├── 1:1   unshaped
 *   ├── 1:10  leaf 10: netem delay 50000us        &lt;- u32 match ip dst 10.213.7.12/32
 *   └── 1:11  leaf 11: netem loss random 100%     &lt;- u32 match ip dst 10.213.7.13/32, .14/32
 * </pre>
 *
 * HTB rather than Pumba's prio because prio's 16 bands cap the number of distinct impairments and
 * because HTB is present on more kernels. Pure: argv lists only, run by {@link NetemShaper}.
 */
public final class EgressTree {
    /** Classes far above any lab link, so the tree itself never shapes. */
    private static final String UNSHAPED = "10gbit";

    private static final int FIRST_LEAF = 0x10;

    private EgressTree() {}

    /** Removes whatever root qdisc the device has; fails harmlessly when it has none. */
    public static List<String> teardown(String device) {
        return List.of("tc", "qdisc", "del", "dev", device, "root");
    }

    /**
     * @param leafByAddress destination IPv4 address -> leaf qdisc tokens (e.g. {@code netem delay 50000us});
     *                      destinations with equal tokens share one class
     * @return the commands that build the tree after {@link #teardown}; empty when nothing is impaired
     */
    public static List<List<String>> build(String device, Map<String, List<String>> leafByAddress) {
        if (leafByAddress.isEmpty()) return List.of();
        Map<List<String>, List<String>> addressesByLeaf = new LinkedHashMap<>();
        new TreeMap<>(leafByAddress).forEach((address, leaf) -> {
            if (leaf.isEmpty()) throw new IllegalArgumentException("no leaf qdisc for " + address);
            if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}"))
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            addressesByLeaf
                    .computeIfAbsent(List.copyOf(leaf), k -> new ArrayList<>())
                    .add(address);
        });
        if (addressesByLeaf.size() > 0xFFFF - FIRST_LEAF)
            throw new IllegalArgumentException("too many distinct impairments");
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("tc", "qdisc", "add", "dev", device, "root", "handle", "1:", "htb", "default", "1"));
        out.add(unshapedClass(device, "1:1"));
        int minor = FIRST_LEAF;
        for (Map.Entry<List<String>, List<String>> e : addressesByLeaf.entrySet()) {
            String id = Integer.toHexString(minor++); // tc reads class and handle numbers as hex
            out.add(unshapedClass(device, "1:" + id));
            List<String> leaf = new ArrayList<>(
                    List.of("tc", "qdisc", "add", "dev", device, "parent", "1:" + id, "handle", id + ":"));
            leaf.addAll(e.getKey());
            out.add(leaf);
            for (String address : e.getValue()) {
                out.add(List.of(
                        "tc",
                        "filter",
                        "add",
                        "dev",
                        device,
                        "parent",
                        "1:",
                        "protocol",
                        "ip",
                        "prio",
                        "1",
                        "u32",
                        "match",
                        "ip",
                        "dst",
                        address + "/32",
                        "flowid",
                        "1:" + id));
            }
        }
        return out;
    }

    private static List<String> unshapedClass(String device, String classId) {
        return List.of(
                "tc", "class", "add", "dev", device, "parent", "1:", "classid", classId, "htb", "rate", UNSHAPED,
                "quantum", "60000");
    }
}
