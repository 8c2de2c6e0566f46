package dev.starling.node.media.synthetic;

/**
 * Frequency and timing plan of the audio markers, shared by generator and detector.
 *
 * <p>Tones sit exactly on the bins of a 480-sample (10 ms) DFT at 48 kHz, i.e. multiples of
 * 100 Hz, so tones of different peers are orthogonal over any window in which they are steady:
 * several peers can be summed (as a mixer will) and each stays separable. Each of {@link #SLOTS}
 * peer slots owns five adjacent bins: one identity tone and four sequence tones (seq mod 4).
 * All tones stay between 1 and 5 kHz, well inside what Opus keeps even at low bitrates.
 */
public final class MarkerPlan {
    public static final int SAMPLE_RATE = 48_000;
    public static final int FRAME_SAMPLES = 480;
    public static final int WINDOW = 480;
    public static final int SLOTS = 8;
    public static final int SEQ_SYMBOLS = 4;
    static final int FIRST_BIN = 10;
    static final int BINS_PER_SLOT = 1 + SEQ_SYMBOLS;

    public static final int PERIOD_SAMPLES = 9_600;      // 200 ms between markers
    public static final int MARKER_SAMPLES = 1_920;      // 40 ms long marker
    static final int SEQ_START = MARKER_SAMPLES / 2;      // sequence tone joins after 20 ms
    static final int RAMP_SAMPLES = 48;                  // 1 ms fade avoids broadband clicks

    private MarkerPlan() {
    }

    public static int slotFor(String peerId) {
        return Math.floorMod(peerId.hashCode(), SLOTS);
    }

    static int idBin(int slot) {
        return FIRST_BIN + slot * BINS_PER_SLOT;
    }

    static int seqBin(int slot, int symbol) {
        return idBin(slot) + 1 + symbol;
    }

    static int totalBins() {
        return SLOTS * BINS_PER_SLOT;
    }

    static double binHz(int bin) {
        return bin * (double) SAMPLE_RATE / WINDOW;
    }

    /** A quiet continuous tone per slot, below the marker band, so each peer's audio is distinct between markers too. */
    static double carrierHz(int slot) {
        return 430.0 + 37.0 * slot;
    }
}
