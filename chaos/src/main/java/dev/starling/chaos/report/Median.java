package dev.starling.chaos.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median the lab, the comparison and the study report. */
public final class Median {
    private Median() {}

    /** The median of {@code values} (the mean of the middle two for an even count), NaN if there are none. */
    public static double of(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
