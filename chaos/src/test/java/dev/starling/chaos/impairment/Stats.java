package dev.starling.chaos.impairment;

import java.util.ArrayList;
import java.util.List;

/** Small statistics helpers for the fixed-seed model tests. */
final class Stats {
    private Stats() {}

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    static double stddev(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / x.length);
    }

    static double lag1(double[] x) {
        double m = mean(x), num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            den += (x[i] - m) * (x[i] - m);
            if (i > 0) num += (x[i] - m) * (x[i - 1] - m);
        }
        return num / den;
    }

    static double rate(boolean[] events) {
        int n = 0;
        for (boolean e : events) if (e) n++;
        return (double) n / events.length;
    }

    /** Lengths of runs of consecutive true values. */
    static List<Integer> bursts(boolean[] events) {
        List<Integer> out = new ArrayList<>();
        int run = 0;
        for (boolean e : events) {
            if (e) run++;
            else if (run > 0) {
                out.add(run);
                run = 0;
            }
        }
        if (run > 0) out.add(run);
        return out;
    }

    static double meanBurst(boolean[] events) {
        return bursts(events).stream().mapToInt(Integer::intValue).average().orElse(0);
    }
}
