package dev.starling.node.media.synthetic;

/**
 * Generates one peer's synthetic audio: a quiet carrier plus, every 200 ms, a 60 ms marker: the
 * slot's identity tone throughout, joined after 20 ms by the sequence symbol's two tones. The sequence tone starts
 * late on purpose: while a tone ramps into the analysis window it leaks strongly into the
 * neighbouring bin, and the detector times the onset on the identity bin alone. Deterministic in the absolute sample index,
 * so a pusher that skips frames to stay on the wall clock keeps markers on schedule.
 */
public final class MarkerSignal {
    private final int slot;
    private final double gain;
    private static final double TONE_AMPLITUDE = 0.22 * 32767;
    private static final double CARRIER_AMPLITUDE = 0.04 * 32767;

    public MarkerSignal(int slot) {
        this(slot, 1.0);
    }

    public MarkerSignal(int slot, double gain) {
        if (slot < 0 || slot >= MarkerPlan.SLOTS) {
            throw new IllegalArgumentException("slot out of range: " + slot);
        }
        this.slot = slot;
        this.gain = gain;
    }

    public int slot() {
        return slot;
    }

    /** Fills {@code out} with samples {@code [firstSample, firstSample + out.length)} of the stream. */
    public void render(long firstSample, short[] out) {
        double carrierStep = 2 * Math.PI * MarkerPlan.carrierHz(slot) / MarkerPlan.SAMPLE_RATE;
        double idStep = 2 * Math.PI * MarkerPlan.binHz(MarkerPlan.idBin(slot)) / MarkerPlan.SAMPLE_RATE;
        for (int k = 0; k < out.length; k++) {
            long n = firstSample + k;
            double v = CARRIER_AMPLITUDE * Math.sin(carrierStep * (n % MarkerPlan.SAMPLE_RATE));
            long inPeriod = n % MarkerPlan.PERIOD_SAMPLES;
            if (inPeriod < MarkerPlan.MARKER_SAMPLES) {
                long seq = n / MarkerPlan.PERIOD_SAMPLES;
                int symbol = (int) (seq % MarkerPlan.SEQ_SYMBOLS);
                // Phases use n mod 480: every marker frequency has a whole number of cycles in 480 samples.
                int p = (int) (n % MarkerPlan.WINDOW);
                v += envelope(inPeriod, 0) * TONE_AMPLITUDE * Math.sin(idStep * p);
                if (inPeriod >= MarkerPlan.SEQ_START) {
                    double env = envelope(inPeriod, MarkerPlan.SEQ_START);
                    for (int tone : MarkerPlan.tonesOf(symbol)) {
                        double seqStep =
                                2 * Math.PI * MarkerPlan.binHz(MarkerPlan.seqBin(slot, tone)) / MarkerPlan.SAMPLE_RATE;
                        v += env * TONE_AMPLITUDE * Math.sin(seqStep * p);
                    }
                }
            }
            out[k] = clip(v * gain);
        }
    }

    public byte[] renderPcm16le(long firstSample, int samples) {
        short[] s = new short[samples];
        render(firstSample, s);
        return Pcm.toLittleEndian(s);
    }

    private static double envelope(long inPeriod, int start) {
        long since = inPeriod - start;
        if (since < MarkerPlan.RAMP_SAMPLES) {
            return (double) since / MarkerPlan.RAMP_SAMPLES;
        }
        long toEnd = MarkerPlan.MARKER_SAMPLES - inPeriod;
        return toEnd < MarkerPlan.RAMP_SAMPLES ? (double) toEnd / MarkerPlan.RAMP_SAMPLES : 1.0;
    }

    private static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
}
