package dev.starling.chaos.netem;

import dev.starling.chaos.scenario.FaultAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one {@code tc qdisc ... netem} for a link's active faults, in tc-netem(8) syntax:
 * {@code delay TIME [JITTER [CORRELATION]] [distribution NAME]}, {@code loss random P [C]},
 * {@code loss state p13 p31 p32 p23 p14}, {@code loss gemodel p r 1-h 1-k}, {@code rate RATE},
 * {@code duplicate P [C]}, {@code corrupt P [C]}, {@code reorder P [C] [gap N]}. A qdisc holds one
 * loss model, so of {@code loss}, {@code loss-state} and {@code loss-gemodel} the last one wins,
 * as the schedule already does within each kind. Times are written in microseconds and rates in
 * bit/s so that no unit is ever rounded. Pure.
 */
public final class NetemOptions {
    /** What a partition installs towards the other side: Pumba's way, everything dropped. */
    public static final FaultAction.Loss PARTITION = new FaultAction.Loss(100, 0);

    private NetemOptions() {}

    /** The tokens after {@code netem}; empty when there is nothing to impair. */
    public static List<String> of(List<FaultAction.Netem> actions) {
        Map<String, List<String>> byOption = new LinkedHashMap<>(); // netem option -> its tokens
        for (FaultAction.Netem action : actions) {
            String option = action instanceof FaultAction.Loss
                            || action instanceof FaultAction.LossState
                            || action instanceof FaultAction.LossGemodel
                    ? "loss"
                    : action.keyword();
            byOption.remove(option);
            byOption.put(option, tokens(action));
        }
        List<String> out = new ArrayList<>();
        // Reorder needs a delay before it in the qdisc's own option order; tc accepts any order, but
        // a stable one keeps identical fault sets identical strings (they are compared).
        for (String option : List.of("delay", "reorder", "loss", "duplicate", "corrupt", "rate")) {
            List<String> t = byOption.get(option);
            if (t != null) out.addAll(t);
        }
        return out;
    }

    private static List<String> tokens(FaultAction.Netem action) {
        if (action instanceof FaultAction.Delay d) {
            List<String> out = new ArrayList<>(List.of("delay", time(d.time())));
            boolean jitter = !d.jitter().isZero();
            if (jitter) out.add(time(d.jitter()));
            if (jitter && d.correlation() > 0) out.add(percent(d.correlation()));
            // netem's default jitter is uniform; the tables exist for the others only.
            if (jitter)
                d.distribution()
                        .filter(x -> !x.netemName().equals("uniform"))
                        .ifPresent(x -> out.addAll(List.of("distribution", x.netemName())));
            return out;
        }
        if (action instanceof FaultAction.Loss l)
            return withCorrelation(List.of("loss", "random", percent(l.percent())), l.correlation());
        if (action instanceof FaultAction.LossState s) {
            return List.of(
                    "loss",
                    "state",
                    percent(s.p13()),
                    percent(s.p31()),
                    percent(s.p32()),
                    percent(s.p23()),
                    percent(s.p14()));
        }
        if (action instanceof FaultAction.LossGemodel g) {
            return List.of("loss", "gemodel", percent(g.pg()), percent(g.pb()), percent(g.oneH()), percent(g.oneK()));
        }
        if (action instanceof FaultAction.Rate r) return List.of("rate", r.bitsPerSecond() + "bit");
        if (action instanceof FaultAction.Duplicate d)
            return withCorrelation(List.of("duplicate", percent(d.percent())), d.correlation());
        if (action instanceof FaultAction.Corrupt c)
            return withCorrelation(List.of("corrupt", percent(c.percent())), c.correlation());
        FaultAction.Reorder r = (FaultAction.Reorder) action;
        List<String> out = new ArrayList<>(List.of("reorder", percent(r.percent()), percent(r.correlation())));
        if (r.gap() > 1) out.addAll(List.of("gap", Integer.toString(r.gap()))); // 1 is tc's default
        return out;
    }

    private static List<String> withCorrelation(List<String> head, double correlation) {
        if (correlation <= 0) return head;
        List<String> out = new ArrayList<>(head);
        out.add(percent(correlation));
        return out;
    }

    static String time(Duration d) {
        return (d.toNanos() / 1_000) + "us";
    }

    static String percent(double p) {
        return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString() + "%";
    }
}
