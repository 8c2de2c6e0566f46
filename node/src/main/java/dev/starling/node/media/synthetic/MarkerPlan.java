package dev.starling.node.media.synthetic;

import dev.starling.protocol.LatencyMarkers;

/**
 * Frequency and timing plan of the audio markers, shared by generator and detector.
 *
 * <p>Tones sit exactly on the bins of a 480-sample (10 ms) DFT at 48 kHz, i.e. multiples of
 * 100 Hz, so tones of different peers are orthogonal over any window in which they are steady:
 * several peers can be summed (as a mixer will) and each stays separable. Each of {@link #SLOTS}
 * peer slots owns one identity tone (every other bin from 1 kHz) and five sequence tones in a
 * separate band above (2.7-6.6 kHz): while a tone ramps into the analysis window it leaks into
 * nearby bins, so no sequence tone sits next to any slot's identity tone, whose rise times the
 * marker. A sequence symbol (seq mod 10) is always exactly two of the five tones (a 2-of-5
 * constant-weight code): a tone lost or gained in coding yields an invalid word, which is
 * rejected instead of being misread as another symbol. Ten symbols keep a detection
 * unambiguous for latencies up to 2 s (an overloaded receiver's jitter buffer was seen near 1 s).
 * All tones stay between 1 and 6.6 kHz, inside the wideband range Opus keeps at voice bitrates.
 */
public final class MarkerPlan {
    public static final int SAMPLE_RATE = 48_000;
    public static final int FRAME_SAMPLES = 480;
    public static final int WINDOW = 480;
    public static final int SLOTS = LatencyMarkers.SLOTS;
    static final int SEQ_TONES = 5;
    /** Every symbol is a pair of the five sequence tones. */
    public static final int SEQ_SYMBOLS = 10;

    private static final int[][] SYMBOL_TONES = {
        {0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}
    };
    static final int FIRST_BIN = 10;
    static final int FIRST_SEQ_BIN = 27;
    static final int LAST_BIN = FIRST_SEQ_BIN + SLOTS * SEQ_TONES - 1;

    public static final int PERIOD_SAMPLES = (int) (LatencyMarkers.PERIOD.toMillis() * SAMPLE_RATE / 1000);
    /*
     * 60 ms markers although the detector decides after ~31 ms: a receiver's jitter buffer
     * time-compresses audio when it runs behind (measured under CPU starvation), and a marker
     * must stay long enough after that.
     */
    public static final int MARKER_SAMPLES = 2_880;
    static final int SEQ_START = 960; // sequence tones join after 20 ms
    static final int RAMP_SAMPLES = 48; // 1 ms fade avoids broadband clicks

    private MarkerPlan() {}

    public static int slotFor(String peerId) {
        return Math.floorMod(peerId.hashCode(), SLOTS);
    }

    static int idBin(int slot) {
        return FIRST_BIN + 2 * slot;
    }

    static int seqBin(int slot, int tone) {
        return FIRST_SEQ_BIN + slot * SEQ_TONES + tone;
    }

    static int[] tonesOf(int symbol) {
        return SYMBOL_TONES[symbol];
    }

    /** The symbol sent as exactly these tones (sorted), or -1. */
    static int symbolOf(int... tones) {
        for (int s = 0; s < SYMBOL_TONES.length; s++) {
            if (java.util.Arrays.equals(SYMBOL_TONES[s], tones)) {
                return s;
            }
        }
        return -1;
    }

    /** Bins the detector tracks: the whole range from the first identity bin to the last sequence bin. */
    static int totalBins() {
        return LAST_BIN - FIRST_BIN + 1;
    }

    static double binHz(int bin) {
        return bin * (double) SAMPLE_RATE / WINDOW;
    }

    /** A quiet continuous tone per slot, below the marker band, so each peer's audio is distinct between markers too. */
    static double carrierHz(int slot) {
        return 430.0 + 37.0 * slot;
    }
}
