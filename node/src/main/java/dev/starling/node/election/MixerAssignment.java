package dev.starling.node.election;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which mixer serves each non-mixer, and which mixer it falls back to if that one dies.
 *
 * <p>Each mixer gets a quota of clients proportional to its capacity (its election score), by the
 * largest-remainder method so that quotas add up to the number of clients exactly. Within the
 * quotas, client-mixer pairs are taken nearest first by RTT, so a client lands on the nearest mixer
 * that still has room. The backup is the nearest other mixer; without RTTs, backups are spread in
 * proportion to capacity too, so one mixer's death does not pile every orphan onto one survivor.
 * All ties break by client id and mixer rank, so every peer computes the same assignment.
 */
public final class MixerAssignment {

    private final List<String> mixers;
    private final Map<String, Integer> quotas;
    private final Map<String, String> primary;
    private final Map<String, String> backups;

    private MixerAssignment(
            List<String> mixers,
            Map<String, Integer> quotas,
            Map<String, String> primary,
            Map<String, String> backups) {
        this.mixers = List.copyOf(mixers);
        this.quotas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(quotas));
        this.primary = java.util.Collections.unmodifiableMap(new TreeMap<>(primary));
        this.backups = java.util.Collections.unmodifiableMap(new TreeMap<>(backups));
    }

    /**
     * @param mixers elected mixers, best first
     * @param clients every non-mixer
     * @param capacity score per mixer; missing or non-positive scores count as zero, and if every
     *     mixer has zero they share equally
     * @param rtt known RTTs; {@link RttMatrix#empty()} if none
     */
    public static MixerAssignment compute(
            List<String> mixers, Set<String> clients, Map<String, Double> capacity, RttMatrix rtt) {
        if (new TreeSet<>(mixers).size() != mixers.size()) {
            throw new IllegalArgumentException("duplicate mixer in " + mixers);
        }
        for (String m : mixers) {
            if (clients.contains(m)) {
                throw new IllegalArgumentException("peer is both mixer and client: " + m);
            }
        }
        List<String> sortedClients = new ArrayList<>(new TreeSet<>(clients));
        if (mixers.isEmpty()) {
            return new MixerAssignment(mixers, Map.of(), Map.of(), Map.of());
        }
        double[] weight = weights(mixers, capacity);
        Map<String, Integer> quotas = quotas(mixers, weight, sortedClients.size());

        record Pair(String client, int mixerRank, double rtt) {}
        List<Pair> pairs = new ArrayList<>();
        for (String c : sortedClients) {
            for (int i = 0; i < mixers.size(); i++) {
                pairs.add(new Pair(c, i, rtt.rttOrInfinity(c, mixers.get(i))));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::rtt)
                .thenComparing(Pair::client)
                .thenComparingInt(Pair::mixerRank));
        Map<String, String> primary = new HashMap<>();
        int[] load = new int[mixers.size()];
        for (Pair p : pairs) {
            String m = mixers.get(p.mixerRank());
            if (!primary.containsKey(p.client()) && load[p.mixerRank()] < quotas.get(m)) {
                primary.put(p.client(), m);
                load[p.mixerRank()]++;
            }
        }

        Map<String, String> backups = new HashMap<>();
        if (mixers.size() > 1) {
            // orphans[x][b]: clients of mixer x that fall back to mixer b. Balancing this first means
            // the clients of a dead mixer spread over the survivors instead of piling onto one.
            int[][] orphans = new int[mixers.size()][mixers.size()];
            int[] backupLoad = new int[mixers.size()];
            for (String c : sortedClients) {
                int own = mixers.indexOf(primary.get(c));
                int best = -1;
                for (int i = 0; i < mixers.size(); i++) {
                    if (i != own
                            && (best < 0 || betterBackup(c, i, best, mixers, weight, orphans[own], backupLoad, rtt))) {
                        best = i;
                    }
                }
                backups.put(c, mixers.get(best));
                orphans[own][best]++;
                backupLoad[best]++;
            }
        }
        return new MixerAssignment(mixers, quotas, primary, backups);
    }

    private static boolean betterBackup(
            String client,
            int a,
            int b,
            List<String> mixers,
            double[] weight,
            int[] orphansOfOwn,
            int[] backupLoad,
            RttMatrix rtt) {
        int byRtt = Double.compare(rtt.rttOrInfinity(client, mixers.get(a)), rtt.rttOrInfinity(client, mixers.get(b)));
        if (byRtt != 0) {
            return byRtt < 0;
        }
        int byOrphans = compareLoad(orphansOfOwn, weight, a, b);
        if (byOrphans != 0) {
            return byOrphans < 0;
        }
        int byLoad = compareLoad(backupLoad, weight, a, b);
        if (byLoad != 0) {
            return byLoad < 0;
        }
        return a < b;
    }

    /** Compares (load+1)/weight without dividing, so a zero weight just means "fill last". */
    private static int compareLoad(int[] load, double[] weight, int a, int b) {
        return Double.compare((load[a] + 1) * weight[b], (load[b] + 1) * weight[a]);
    }

    private static double[] weights(List<String> mixers, Map<String, Double> capacity) {
        double[] w = new double[mixers.size()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            Double c = capacity.get(mixers.get(i));
            w[i] = c == null || !Double.isFinite(c) || c < 0 ? 0 : c;
            sum += w[i];
        }
        if (sum == 0) {
            java.util.Arrays.fill(w, 1);
        }
        return w;
    }

    private static Map<String, Integer> quotas(List<String> mixers, double[] weight, int clients) {
        double sum = 0;
        for (double w : weight) {
            sum += w;
        }
        int[] q = new int[weight.length];
        double[] remainder = new double[weight.length];
        int given = 0;
        for (int i = 0; i < weight.length; i++) {
            double exact = clients * weight[i] / sum;
            q[i] = (int) Math.floor(exact);
            remainder[i] = exact - q[i];
            given += q[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weight.length; i++) {
            order.add(i);
        }
        // Largest remainder first; equal remainders go to the better-ranked mixer.
        order.sort(Comparator.comparingDouble((Integer i) -> remainder[i])
                .reversed()
                .thenComparingInt(i -> i));
        for (int k = 0; given < clients; k = (k + 1) % order.size()) {
            q[order.get(k)]++;
            given++;
        }
        Map<String, Integer> quotas = new LinkedHashMap<>();
        for (int i = 0; i < q.length; i++) {
            quotas.put(mixers.get(i), q[i]);
        }
        return quotas;
    }

    /** Mixers, best first. */
    public List<String> mixers() {
        return mixers;
    }

    /** Client quota per mixer, in mixer rank order. */
    public Map<String, Integer> quotas() {
        return quotas;
    }

    /** Client id to its mixer. */
    public Map<String, String> primary() {
        return primary;
    }

    /** Client id to its backup mixer; empty with a single mixer (fallback is mesh). */
    public Map<String, String> backups() {
        return backups;
    }

    public List<String> clientsOf(String mixer) {
        List<String> out = new ArrayList<>();
        primary.forEach((c, m) -> {
            if (m.equals(mixer)) {
                out.add(c);
            }
        });
        return out;
    }
}
