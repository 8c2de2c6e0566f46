package dev.starling.node.media.synthetic;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds markers of all slots in one mono 48 kHz stream, which may be a single peer's decoded
 * audio or a mix of several peers.
 *
 * <p>A sliding 480-sample DFT is kept for every marker bin (O(1) per sample and bin). Because a
 * tone that starts at sample s0 makes the rectangular-window magnitude rise linearly over the
 * next 480 samples, the onset is where the magnitude crosses half its plateau, minus 240
 * samples; this is read from a short magnitude history once the identity tone is steady. A
 * detection needs the identity tone to stand out from the window's total power and exactly two
 * sequence tones of the same slot to stand clearly above the others, which rejects leakage,
 * noise, other peers and damaged code words.
 */
public final class MarkerDetector {
    private static final int HOP = 24; // evaluate every 0.5 ms
    private static final int HISTORY = 48; // hops of magnitude history (32 ms)
    /*
     * Hops after the identity tone first shows: at ID_READY the window lies inside the id-only first
     * half of the marker (onset is timed there); at DECIDE it lies inside the half that also holds
     * the sequence tones. Valid while the first showing is less than ~280 samples after the onset.
     */
    private static final int ID_READY_HOPS = 28;
    private static final int DECIDE_HOPS = 60;
    private static final double MIN_AMPLITUDE = 120; // int16 units, ~0.4 % of full scale
    private static final double MIN_SHARE = 0.15; // id tone amplitude vs. window RMS * sqrt 2
    private static final int REFRACTORY_SAMPLES = MarkerPlan.PERIOD_SAMPLES / 2;
    private static final int RECOMPUTE_SAMPLES = MarkerPlan.SAMPLE_RATE; // bounds float drift

    private final int bins = MarkerPlan.totalBins();
    /*
     * Indexed [sample position][bin]: each sample updates every bin from one contiguous row, which
     * the JIT turns into vector instructions. Indexed the other way round, the same update touched
     * a cache line per bin, and this detector took three quarters of a node's playout thread
     * (docs/measurements/2026-12-08-flame-graphs.md).
     */
    private final double[][] cos = new double[MarkerPlan.WINDOW][bins];
    private final double[][] sin = new double[MarkerPlan.WINDOW][bins];
    private final double[] re = new double[bins];
    private final double[] im = new double[bins];
    private final double[] ring = new double[MarkerPlan.WINDOW];
    private double energy;
    private long position;
    /** Consecutive zero samples; after {@link #SETTLED_SILENCE} of them the detector's state is at rest. */
    private long zeroRun;
    /** A whole window of zeros plus the longest a slot takes to fall back to idle, with margin. */
    private static final int SETTLED_SILENCE = MarkerPlan.WINDOW + 2 * (DECIDE_HOPS + HISTORY) * HOP;

    private final SlotState[] slots = new SlotState[MarkerPlan.SLOTS];

    public MarkerDetector() {
        for (int b = 0; b < bins; b++) {
            int bin = MarkerPlan.FIRST_BIN + b;
            for (int n = 0; n < MarkerPlan.WINDOW; n++) {
                double angle = 2 * Math.PI * bin * n / MarkerPlan.WINDOW;
                cos[n][b] = Math.cos(angle);
                sin[n][b] = Math.sin(angle);
            }
        }
        for (int s = 0; s < slots.length; s++) {
            slots[s] = new SlotState();
        }
    }

    /** Samples consumed so far; detections refer to this running index. */
    public long position() {
        return position;
    }

    public List<MarkerDetection> process(short[] samples) {
        return process(samples, 0, samples.length);
    }

    public List<MarkerDetection> process(short[] samples, int offset, int length) {
        List<MarkerDetection> found = new ArrayList<>(2);
        for (int i = offset; i < offset + length; i++) {
            if (samples[i] == 0 && zeroRun >= SETTLED_SILENCE) {
                // A frozen or silent link: the window holds only zeros and every slot is idle, so
                // nothing can change until a sample arrives; skip the per-bin work.
                position++;
                continue;
            }
            zeroRun = samples[i] == 0 ? zeroRun + 1 : 0;
            push(samples[i]);
            // The ring starts as silence, so windows overlapping the stream start are valid too.
            if (position % HOP == 0) {
                evaluate(found);
            }
        }
        return found;
    }

    private void push(short sample) {
        int idx = (int) (position % MarkerPlan.WINDOW);
        double x = sample;
        double delta = x - ring[idx];
        energy += x * x - ring[idx] * ring[idx];
        ring[idx] = x;
        double[] cosRow = cos[idx];
        double[] sinRow = sin[idx];
        for (int b = 0; b < bins; b++) {
            re[b] += delta * cosRow[b];
            im[b] -= delta * sinRow[b];
        }
        position++;
        if (position % RECOMPUTE_SAMPLES == 0) {
            recompute();
        }
    }

    /** Exact recomputation of the window sums; running updates accumulate rounding error. */
    private void recompute() {
        energy = 0;
        for (int b = 0; b < bins; b++) {
            re[b] = 0;
            im[b] = 0;
        }
        for (int n = 0; n < MarkerPlan.WINDOW; n++) {
            double x = ring[n];
            energy += x * x;
            for (int b = 0; b < bins; b++) {
                re[b] += x * cos[n][b];
                im[b] -= x * sin[n][b];
            }
        }
    }

    private double amplitude(int bin) {
        int b = bin - MarkerPlan.FIRST_BIN;
        return 2 * Math.hypot(re[b], im[b]) / MarkerPlan.WINDOW;
    }

    private void evaluate(List<MarkerDetection> found) {
        double rmsPeak = Math.sqrt(Math.max(energy, 0) / MarkerPlan.WINDOW) * Math.sqrt(2);
        for (int s = 0; s < slots.length; s++) {
            SlotState st = slots[s];
            double a = amplitude(MarkerPlan.idBin(s));
            st.record(position, a);
            boolean present = a > MIN_AMPLITUDE && a > MIN_SHARE * rmsPeak;
            switch (st.phase) {
                case IDLE -> {
                    if (present) {
                        st.phase = Phase.RISING;
                        st.hopsAbove = 0;
                    }
                }
                case RISING -> {
                    st.hopsAbove++;
                    if (!present) {
                        st.phase = Phase.IDLE;
                    } else if (st.hopsAbove == ID_READY_HOPS) {
                        st.plateau = a;
                        // The 1 ms fade-in delays the half-way point by half its length.
                        st.onset = st.halfCrossing(a) - MarkerPlan.WINDOW / 2.0 - MarkerPlan.RAMP_SAMPLES / 2.0;
                    } else if (st.hopsAbove >= DECIDE_HOPS) {
                        decide(s, st, rmsPeak, found);
                    }
                }
                case REFRACTORY -> {
                    if (position - st.lastOnset > REFRACTORY_SAMPLES && !present) {
                        st.phase = Phase.IDLE;
                    }
                }
            }
        }
    }

    private void decide(int slot, SlotState st, double rmsPeak, List<MarkerDetection> found) {
        double idAmplitude = st.plateau;
        double[] a = new double[MarkerPlan.SEQ_TONES];
        Integer[] order = new Integer[a.length];
        for (int k = 0; k < a.length; k++) {
            a[k] = amplitude(MarkerPlan.seqBin(slot, k));
            order[k] = k;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y], a[x]));
        double first = a[order[0]];
        double second = a[order[1]];
        double third = a[order[2]];
        // Exactly two tones of similar level clearly above the other three; anything else is not a code word.
        boolean valid = second > 0.4 * idAmplitude && second > 0.5 * first && third < 0.35 * second;
        int symbol = valid ? MarkerPlan.symbolOf(Math.min(order[0], order[1]), Math.max(order[0], order[1])) : -1;
        if (symbol < 0 || idAmplitude < MIN_SHARE * rmsPeak) {
            st.phase = Phase.IDLE;
            return;
        }
        st.phase = Phase.REFRACTORY;
        st.lastOnset = (long) st.onset;
        found.add(new MarkerDetection(slot, symbol, st.onset));
    }

    private enum Phase {
        IDLE,
        RISING,
        REFRACTORY
    }

    private static final class SlotState {
        final double[] amp = new double[HISTORY];
        final long[] pos = new long[HISTORY];
        int head;
        int filled;
        Phase phase = Phase.IDLE;
        int hopsAbove;
        double plateau;
        double onset;
        long lastOnset = Long.MIN_VALUE / 2;

        void record(long position, double a) {
            amp[head] = a;
            pos[head] = position;
            head = (head + 1) % HISTORY;
            filled = Math.min(filled + 1, HISTORY);
        }

        /** Walks back from the newest entry to the last one below half the peak and interpolates the crossing. */
        double halfCrossing(double peak) {
            double half = peak / 2;
            int newer = (head - 1 + HISTORY) % HISTORY;
            for (int k = 1; k < filled; k++) {
                int older = (newer - 1 + HISTORY) % HISTORY;
                if (amp[older] < half && amp[newer] >= half) {
                    double f = (half - amp[older]) / (amp[newer] - amp[older]);
                    return pos[older] + f * (pos[newer] - pos[older]);
                }
                newer = older;
            }
            return pos[newer];
        }
    }
}
