package dev.starling.chaos.study;

/** A figure the study reports per peer class, and which way is better. */
public enum Figure {
    AUDIO_P50("audio_p50_ms", "audio p50 (ms)", false),
    AUDIO_P95("audio_p95_ms", "audio p95 (ms)", false),
    AUDIBLE("audible_pct", "pairs heard (%)", true),
    VIDEO_P50("video_p50_ms", "video p50 (ms)", false),
    VIDEO_P95("video_p95_ms", "video p95 (ms)", false),
    FPS("received_fps", "received frame rate (fps)", true),
    UPLOAD("up_kbps", "upload (kbit/s)", false),
    CPU("cpu_pct", "CPU (% of a core)", false),
    FAILOVER_GAP("failover_gap_ms", "audio gap when a mixer is killed (ms)", false);

    private final String key;
    private final String title;
    private final boolean higherIsBetter;

    Figure(String key, String title, boolean higherIsBetter) {
        this.key = key;
        this.title = title;
        this.higherIsBetter = higherIsBetter;
    }

    /** The name in JSON and CSV. */
    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
