package dev.starling.node.election;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which peers of a ranking take the mixer seats. Kept apart from {@link Election} because it is a
 * decision on finished inputs, not a step of the protocol: the ranking alone would re-seat mixers
 * on every small change in the figures, and the hysteresis that prevents it is a policy of its own
 * that deserves to be read, and tested, without an election around it.
 */
final class MixerSeats {

    /** How much better than a sitting mixer a challenger must score to take its seat (15 %). */
    static final double INCUMBENT_MARGIN = 0.15;

    private MixerSeats() {}

    /**
     * The mixers, best first: the top {@code seats} of the ranking with a positive total (a
     * candidate nobody could score has total 0 and only sits if nobody scored anyone), then the
     * incumbents of {@code previous} kept as {@link #keepIncumbents} describes.
     *
     * @param members the election's members; an incumbent that left keeps no seat
     * @param previous the last adopted result, or null
     * @param knowsLess whether this election heard from fewer scorers than the one that chose
     *     {@code previous} (see {@link #fillEmptySeats})
     */
    static List<String> choose(
            Ranking ranking, int seats, Set<String> members, ElectionOutcome previous, boolean knowsLess) {
        List<String> mixers = new ArrayList<>();
        for (RankedPeer r : ranking.peers()) {
            if (r.total() > 0 && mixers.size() < seats) {
                mixers.add(r.peerId());
            }
        }
        if (mixers.isEmpty()) {
            mixers = ranking.top(seats);
        }
        if (knowsLess && previous != null) {
            return fillEmptySeats(mixers, ranking, seats, members, previous);
        }
        return keepIncumbents(mixers, ranking, members, previous);
    }

    /**
     * An election that heard from fewer scorers than the one in force (its probes failed, the
     * points of most peers never came) knows less than that one did: it seats the mixers still in
     * the room and fills only the seats they left empty, from its own ranking. On a starved machine
     * such an election once seated a single peer that only the leader had scored.
     */
    private static List<String> fillEmptySeats(
            List<String> chosen, Ranking ranking, int seats, Set<String> members, ElectionOutcome previous) {
        List<String> seated = new ArrayList<>();
        for (String mixer : previous.mixers()) {
            if (members.contains(mixer) && seated.size() < seats) {
                seated.add(mixer);
            }
        }
        for (String mixer : chosen) {
            if (seated.size() < seats && !seated.contains(mixer)) {
                seated.add(mixer);
            }
        }
        return bestFirst(seated, ranking);
    }

    /**
     * Hysteresis: a mixer of the last adopted result keeps its seat against a newcomer to the top
     * unless the newcomer's total beats it by more than {@link #INCUMBENT_MARGIN}. Mixing costs
     * CPU and so lowers a mixer's own encode figures; without this the room would re-elect away
     * from every mixer it just chose, and each change of mixers is a switch for every peer.
     */
    private static List<String> keepIncumbents(
            List<String> chosen, Ranking ranking, Set<String> members, ElectionOutcome previous) {
        if (previous == null || previous.mixers().isEmpty()) {
            return chosen;
        }
        Map<String, Double> totals = ranking.totals();
        List<String> seats = new ArrayList<>(chosen);
        for (String incumbent : previous.mixers()) {
            double own = totals.getOrDefault(incumbent, 0.0);
            if (seats.contains(incumbent) || !members.contains(incumbent) || own <= 0) {
                continue;
            }
            String weakest = null;
            for (String seat : seats) {
                if (!previous.mixers().contains(seat)
                        && (weakest == null || totals.getOrDefault(seat, 0.0) < totals.getOrDefault(weakest, 0.0))) {
                    weakest = seat;
                }
            }
            if (weakest != null && totals.getOrDefault(weakest, 0.0) <= own * (1 + INCUMBENT_MARGIN)) {
                seats.set(seats.indexOf(weakest), incumbent);
            }
        }
        return bestFirst(seats, ranking);
    }

    /** The seats in the ranking's order; any the ranking does not know, after. */
    private static List<String> bestFirst(List<String> seats, Ranking ranking) {
        List<String> ranked = new ArrayList<>();
        for (RankedPeer r : ranking.peers()) {
            if (seats.contains(r.peerId())) {
                ranked.add(r.peerId());
            }
        }
        seats.stream().filter(m -> !ranked.contains(m)).forEach(ranked::add);
        return ranked;
    }
}
