package dev.starling.node.mixing;

import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.routing.AnnouncedMix;
import dev.starling.node.routing.SendPlan;
import dev.starling.node.timesync.WallClock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where a mixer's audio meets: decoded 10 ms chunks from the links it relays go in, and each
 * link's pusher takes out the mix its {@link SendPlan} names for that recipient.
 *
 * <p>Alignment: every link of a node pushes frame {@code f} once {@code epoch + 10 f} ms has
 * passed, so the frame index is the shared clock. A decoded chunk is queued for the next frame
 * to be mixed, and each later chunk of the same source for the frame after its previous one, so a
 * source's samples stay in order; a source that delivers faster than the clock (or in a burst)
 * runs at most {@value #JITTER_FRAMES} frames ahead before its chunks are dropped. The first link
 * to push a frame mixes it; the others render the same mix minus what they must not hear.
 *
 * <p>Echo guard: another mixer's audio is a mix too. While two mixers hold different routes (they
 * adopted an election seconds apart), that mix may carry the very recipient we render for; it is
 * then left out of that recipient's mix, as its peer announced (see {@link AnnouncedMix}). Losing
 * a few voices for a moment beats hearing yourself.
 *
 * <p>A link that carries only this node's own media bypasses the mixer entirely, so mesh adds no
 * latency. Thread-safe: offers come from the playout clock (or each RTP link's audio device),
 * renders from the pushers.
 */
public final class AudioBus {
    static final int JITTER_FRAMES = 4;
    private static final int MAX_SOURCES = 64;

    private final String self;
    private final AudioFrames own;
    private final long epochMillis;
    private final WallClock clock;
    private final AudioMixer mixer = new AudioMixer(MAX_SOURCES, JITTER_FRAMES, SoftLimiter.standard());
    private final Map<String, Long> lastQueued = new HashMap<>();
    private final short[] ownFrame = new short[AudioFrames.FRAME_SAMPLES];
    private final VoiceLevels levels = new VoiceLevels();
    private long mixedFrame = Long.MIN_VALUE;
    private long late;
    private long dropped;
    private volatile SendPlan plan;
    private final RelayedVoices relayed;
    private long echoesAvoided;
    /** Sum over accepted chunks of the time from arrival until their frame is due, microseconds. */
    private long waitMicros;

    private long accepted;

    /** What the peers say their audio to us carries. */
    @FunctionalInterface
    public interface RelayedVoices {
        /** Whether {@code source}'s audio to us may carry {@code origin}'s voice. */
        boolean carries(String source, String origin);

        RelayedVoices NONE = (source, origin) -> false;
    }

    /**
     * @param own this node's own audio, as a view of its own for mixing
     * @param epochMillis when frame 0 is due, the same epoch every link's pusher uses
     */
    public AudioBus(String self, AudioFrames own, long epochMillis, WallClock clock) {
        this(self, own, epochMillis, clock, RelayedVoices.NONE);
    }

    /** @param relayed what each peer's audio to us carries, for the echo guard */
    public AudioBus(String self, AudioFrames own, long epochMillis, WallClock clock, RelayedVoices relayed) {
        this.self = self;
        this.relayed = relayed;
        this.own = own;
        this.epochMillis = epochMillis;
        this.clock = clock;
        this.plan = SendPlan.mesh(self);
    }

    public void plan(SendPlan next) {
        plan = next;
    }

    /** Whether a link's decoded audio is needed at all (copying it is wasted otherwise). */
    public boolean wants(String peer) {
        return plan.relays(peer);
    }

    /**
     * One decoded 10 ms mono chunk from {@code peer}'s link, delivered when its device pulled it
     * (RTP audio: pulls come in bursts, so each chunk goes after the previous one); the samples are
     * copied.
     */
    public synchronized void offer(String peer, short[] pcm) {
        double now = clock.nowMillis();
        long next = frameAt(now) + 1;
        Long previous = lastQueued.get(peer);
        long index = previous == null ? next : Math.max(next, previous + 1);
        if (index >= next + JITTER_FRAMES) {
            dropped++; // further ahead than the mixer's ring reaches, before the mixer can say so itself
            return;
        }
        queue(peer, index, pcm, now);
    }

    /**
     * One decoded 10 ms mono chunk that the playout clock's turn at {@code turnMillis} played: it
     * goes with the first frame pushed after that turn, even when the turn ran late. No standing
     * queue can build up this way, where a late turn followed by a catch-up would leave one behind.
     */
    public synchronized void offerAt(String peer, short[] pcm, double turnMillis) {
        queue(peer, frameAt(turnMillis) + 1, pcm, clock.nowMillis());
    }

    private void queue(String peer, long index, short[] pcm, double now) {
        AudioMixer.Offer outcome = mixer.offer(peer, index, pcm);
        if (outcome == AudioMixer.Offer.ACCEPTED) {
            lastQueued.put(peer, index);
            waitMicros += Math.round((epochMillis + 10.0 * index - now) * 1000);
            accepted++;
        } else if (outcome == AudioMixer.Offer.TOO_EARLY) {
            dropped++;
        } else if (outcome == AudioMixer.Offer.LATE) {
            late++;
        }
    }

    /** A peer left: its queued audio goes, and a later return starts afresh. */
    public synchronized void forget(String peer) {
        mixer.removeSource(peer);
        lastQueued.remove(peer);
    }

    /** What the pusher of the link to {@code recipient} sends, given a view of our own audio for it. */
    public AudioFrames output(String recipient, AudioFrames ownDirect) {
        return new AudioFrames() {
            @Override
            public void render(long frameIndex, short[] out) {
                AudioBus.this.render(recipient, ownDirect, frameIndex, out);
            }

            /**
             * Our own voice alone is sent only while it is there; anything else is always sent, as
             * silence when nobody speaks: a mixed stream that paused would come back with a deep
             * jitter buffer at its receiver (its RTP clock stood still), and audio that late
             * outlives the echo guard's hold on what the mix carried.
             */
            @Override
            public boolean live() {
                SendPlan p = plan;
                return !p.ownOnly(recipient) || ownDirect.live();
            }

            /** Our own voice alone leaves when it is ready; a mix, on our clock. */
            @Override
            public long readyThrough(long dueFrame) {
                return plan.ownOnly(recipient) ? ownDirect.readyThrough(dueFrame) : dueFrame;
            }

            @Override
            public int lateFrames() {
                return plan.ownOnly(recipient) ? ownDirect.lateFrames() : 0;
            }

            @Override
            public Runnable whenReady(Runnable ready) {
                return ownDirect.whenReady(ready);
            }
        };
    }

    private void render(String recipient, AudioFrames ownDirect, long frameIndex, short[] out) {
        SendPlan p = plan;
        Set<String> inputs = p.inputsFor(recipient);
        if (inputs.isEmpty()) {
            Arrays.fill(out, (short) 0);
        } else if (p.ownOnly(recipient)) {
            ownDirect.render(frameIndex, out);
        } else {
            synchronized (this) {
                mixUpTo(frameIndex);
                mixer.renderOnly(withoutEcho(recipient, inputs), out);
            }
        }
    }

    /** The inputs minus any peer whose audio may carry the recipient's own voice. */
    private Set<String> withoutEcho(String recipient, Set<String> inputs) {
        Set<String> kept = null;
        for (String source : inputs) {
            if (!source.equals(self) && relayed.carries(source, recipient)) {
                if (kept == null) {
                    kept = new java.util.LinkedHashSet<>(inputs);
                }
                kept.remove(source);
                echoesAvoided++;
            }
        }
        return kept == null ? inputs : kept;
    }

    /** Mixes {@code frameIndex} unless a link got there first; a link behind the others reuses the newest mix. */
    private void mixUpTo(long frameIndex) {
        if (mixedFrame != Long.MIN_VALUE && frameIndex <= mixedFrame) {
            return;
        }
        if (mixedFrame != Long.MIN_VALUE && frameIndex - mixedFrame > JITTER_FRAMES) {
            // The pushers skipped ahead after a stall: move the mixer along so this frame is in reach.
            mixer.mix(frameIndex - 1);
        }
        own.render(frameIndex, ownFrame);
        mixer.offer(self, frameIndex, ownFrame);
        mixer.mix(frameIndex);
        mixer.forEachLevel(levels::hear);
        mixedFrame = frameIndex;
    }

    /** How loud each source was in the frames mixed since the previous call (see {@link VoiceLevels}). */
    public Map<String, Double> takeLevels() {
        return levels.take();
    }

    private long frameAt(double nowMillis) {
        return (long) Math.floor((nowMillis - epochMillis) / 10.0);
    }

    /**
     * Chunks dropped for running too far ahead, chunks that came after their frame was mixed,
     * 10 ms renders that left out a source because it carried the recipient's voice, and how long
     * a relayed chunk waited on average from its arrival until its frame was due (what the bus
     * adds to a mixer hop, besides the pusher's scheduling).
     */
    public synchronized Map<String, Number> counters() {
        return Map.of(
                "dropped",
                dropped,
                "late",
                late,
                "sources",
                mixer.sourceCount(),
                "echoesAvoided",
                echoesAvoided,
                "chunks",
                accepted,
                "waitMsMean",
                accepted == 0 ? 0.0 : waitMicros / 1000.0 / accepted);
    }
}
