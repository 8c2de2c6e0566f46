package dev.starling.node.mixing;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The mixer peer's audio path: 48 kHz mono 16-bit PCM in 10 ms frames, one mix-minus per
 * recipient, so nobody hears themselves.
 *
 * <p>Sources are aligned on a shared frame index (the sample timestamp divided by 480). Each source
 * has a small ring of {@code jitterFrames} frames, so a frame may arrive that many frames ahead of
 * the one being mixed; a frame that arrives after its index was mixed is dropped, and a source
 * with no frame for the index being mixed contributes silence. Usage per 10 ms tick: {@link #offer}
 * whatever arrived, {@link #mix} once, then {@link #render} for each recipient.
 *
 * <p>Everything is preallocated at source registration; offer, mix and render do not allocate.
 * Not thread-safe.
 */
public final class AudioMixer {

    public static final int SAMPLE_RATE = 48_000;
    public static final int FRAME_SAMPLES = 480;

    /** Outcome of {@link #offer}. */
    public enum Offer {
        ACCEPTED,
        /** Its frame index was already mixed. */
        LATE,
        /** More than the jitter tolerance ahead of the mix. */
        TOO_EARLY,
        DUPLICATE
    }

    private final int jitterFrames;
    /** One slot more than the tolerance, so an early frame never overwrites the one being rendered. */
    private final int depth;

    private final int maxSources;
    private final SoftLimiter limiter;
    private final Map<String, Source> sources = new HashMap<>();
    /** The same sources as a plain array, so the per-frame loop needs no iterator. */
    private Source[] active = new Source[0];

    private final int[] sum = new int[FRAME_SAMPLES];
    private final int[] partial = new int[FRAME_SAMPLES];
    private long mixedFrame = Long.MIN_VALUE;

    /**
     * @param maxSources bound on concurrent sources, so the 32-bit sum cannot overflow
     * @param jitterFrames frames a source may run ahead of the mix, at least 1
     */
    public AudioMixer(int maxSources, int jitterFrames, SoftLimiter limiter) {
        // 65 536 sources of full-scale samples would overflow an int sum; far beyond any room.
        if (maxSources < 1 || maxSources > 65_535) {
            throw new IllegalArgumentException("maxSources out of range: " + maxSources);
        }
        if (jitterFrames < 1) {
            throw new IllegalArgumentException("jitterFrames must be >= 1");
        }
        this.maxSources = maxSources;
        this.jitterFrames = jitterFrames;
        this.depth = jitterFrames + 1;
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    /** Frame index for a sample timestamp, rounding to the nearest frame (tolerates +-5 ms skew). */
    public static long frameIndexOf(long sampleTimestamp) {
        return Math.floorDiv(sampleTimestamp + FRAME_SAMPLES / 2, FRAME_SAMPLES);
    }

    public void addSource(String id) {
        if (!sources.containsKey(id)) {
            if (sources.size() >= maxSources) {
                throw new IllegalStateException("too many sources: " + maxSources);
            }
            sources.put(id, new Source(depth));
            active = sources.values().toArray(new Source[0]);
        }
    }

    public void removeSource(String id) {
        if (sources.remove(id) != null) {
            active = sources.values().toArray(new Source[0]);
        }
    }

    public int sourceCount() {
        return sources.size();
    }

    /** Queues one decoded frame; the samples are copied, the caller may reuse {@code pcm}. */
    public Offer offer(String sourceId, long frameIndex, short[] pcm) {
        if (pcm.length != FRAME_SAMPLES) {
            throw new IllegalArgumentException("frame must have " + FRAME_SAMPLES + " samples: " + pcm.length);
        }
        Source s = sources.get(sourceId);
        if (s == null) {
            addSource(sourceId);
            s = sources.get(sourceId);
        }
        if (mixedFrame != Long.MIN_VALUE) {
            if (frameIndex <= mixedFrame) {
                return Offer.LATE;
            }
            if (frameIndex > mixedFrame + jitterFrames) {
                return Offer.TOO_EARLY;
            }
        }
        int slot = (int) Math.floorMod(frameIndex, (long) depth);
        if (s.frameOf[slot] == frameIndex) {
            return Offer.DUPLICATE;
        }
        System.arraycopy(pcm, 0, s.ring[slot], 0, FRAME_SAMPLES);
        s.frameOf[slot] = frameIndex;
        return Offer.ACCEPTED;
    }

    /**
     * Mixes frame {@code frameIndex} of every source; returns how many sources contributed. Frame
     * indices must increase from call to call.
     */
    public int mix(long frameIndex) {
        if (mixedFrame != Long.MIN_VALUE && frameIndex <= mixedFrame) {
            throw new IllegalArgumentException("frame " + frameIndex + " not after " + mixedFrame);
        }
        java.util.Arrays.fill(sum, 0);
        int slot = (int) Math.floorMod(frameIndex, (long) depth);
        int contributing = 0;
        for (Source s : active) {
            if (s.frameOf[slot] == frameIndex) {
                short[] pcm = s.ring[slot];
                long squares = 0;
                for (int i = 0; i < FRAME_SAMPLES; i++) {
                    sum[i] += pcm[i];
                    squares += (long) pcm[i] * pcm[i];
                }
                s.contributedSlot = slot;
                s.level = Math.sqrt((double) squares / FRAME_SAMPLES) / 32768.0;
                contributing++;
            } else {
                s.contributedSlot = -1;
                s.level = 0;
            }
        }
        mixedFrame = frameIndex;
        return contributing;
    }

    /**
     * Writes the last mixed frame as heard by {@code recipient}: everyone but itself, limited to 16
     * bits. A recipient that is not a source hears everyone.
     */
    public void render(String recipient, short[] out) {
        if (out.length != FRAME_SAMPLES) {
            throw new IllegalArgumentException("output must have " + FRAME_SAMPLES + " samples");
        }
        Source own = sources.get(recipient);
        if (own == null || own.contributedSlot < 0) {
            for (int i = 0; i < FRAME_SAMPLES; i++) {
                out[i] = limiter.apply(sum[i]);
            }
            return;
        }
        short[] mine = own.ring[own.contributedSlot];
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            out[i] = limiter.apply(sum[i] - mine[i]);
        }
    }

    /**
     * Writes the sum of just {@code included} in the last mixed frame, limited to 16 bits: what a
     * mixer sends another mixer (its local mix) or a recipient whose exclusions go beyond itself.
     * Sources that are not registered or had no frame contribute silence.
     */
    public void renderOnly(java.util.Collection<String> included, short[] out) {
        if (out.length != FRAME_SAMPLES) {
            throw new IllegalArgumentException("output must have " + FRAME_SAMPLES + " samples");
        }
        java.util.Arrays.fill(partial, 0);
        for (String id : included) {
            Source s = sources.get(id);
            if (s != null && s.contributedSlot >= 0) {
                short[] pcm = s.ring[s.contributedSlot];
                for (int i = 0; i < FRAME_SAMPLES; i++) {
                    partial[i] += pcm[i];
                }
            }
        }
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            out[i] = limiter.apply(partial[i]);
        }
    }

    /**
     * Each source's loudness in the last mixed frame: RMS, 0 to 1 (full scale), 0 for a source
     * that had no frame. What a mixer tells its recipients about the voices inside their mix.
     */
    public void forEachLevel(java.util.function.ObjDoubleConsumer<String> level) {
        sources.forEach((id, s) -> level.accept(id, s.level));
    }

    /** One source's jitter ring. */
    private static final class Source {
        final short[][] ring;
        final long[] frameOf;
        int contributedSlot = -1;
        /** RMS of the last mixed frame, 0..1. */
        double level;

        Source(int depth) {
            ring = new short[depth][FRAME_SAMPLES];
            frameOf = new long[depth];
            java.util.Arrays.fill(frameOf, Long.MIN_VALUE);
        }
    }
}
