package dev.starling.node.media.sink;

import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.starling.node.media.playout.PlayoutSink;
import dev.starling.node.media.record.WavWriter;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.media.synthetic.MarkerDetection;
import dev.starling.node.media.synthetic.MarkerDetector;
import dev.starling.node.media.synthetic.MarkerPlan;
import dev.starling.node.media.synthetic.MarkerSchedule;
import dev.starling.node.media.synthetic.Pcm;
import dev.starling.node.mixing.AudioBus;
import dev.starling.node.timesync.ClockOffset;
import dev.starling.node.timesync.WallClock;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one remote peer's decoded audio (10 ms chunks from the node's playout clock, or from
 * libwebrtc's audio device for RTP audio), detects
 * the markers in it and records marker-sent to marker-decoded latency, for the remote peer or, if
 * it is a mixer, for whichever peer each relayed marker came from. Hands the audio on to the
 * {@link AudioBus} when this node mixes it for others.
 *
 * <p>A marker's detect time is when the chunk holding its onset sample was delivered: the time of
 * the latest callback minus the audio that has arrived since that sample, at 48 kHz.
 */
public final class RemoteAudioSink implements AudioTrackSink, PlayoutSink {
    private static final Logger log = LoggerFactory.getLogger(RemoteAudioSink.class);
    private static final byte[] SILENT_CHUNK = new byte[AudioFrames.FRAME_SAMPLES * 2];

    private final String remotePeer;
    /** The sender's slot until its hello announces the one it uses. */
    private final int defaultSlot;

    private final ReceiveStats stats;
    private final RelayOrigins origins;
    private final AudioBus relay;
    private final Supplier<ReceivedMedia> listener;
    private final RemoteTiming timing;
    private final WallClock clock;
    private final Path recordPath;
    private final MarkerDetector detector = new MarkerDetector();
    private WavWriter recorder;
    private boolean warnedFormat;

    /**
     * @param origins who sent markers of other slots, which arrive when the remote peer is a mixer
     * @param relay where the decoded audio goes when this node mixes it for others
     */
    public RemoteAudioSink(
            String remotePeer,
            ReceiveStats stats,
            RemoteTiming timing,
            WallClock clock,
            Path recordPath,
            RelayOrigins origins,
            AudioBus relay,
            Supplier<ReceivedMedia> listener) {
        this.listener = listener;
        this.remotePeer = remotePeer;
        this.defaultSlot = MarkerPlan.slotFor(remotePeer);
        this.stats = stats;
        this.origins = origins;
        this.relay = relay;
        this.timing = timing;
        this.clock = clock;
        this.recordPath = recordPath;
    }

    /** RTP audio: a chunk from libwebrtc's audio device, in whatever format it delivers. */
    @Override
    public void onData(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
        double now = clock.nowMillis();
        try {
            stats.audioChunks.incrementAndGet();
            if (bitsPerSample != 16 || channels < 1) {
                warnOnce(bitsPerSample, sampleRate, channels);
                return;
            }
            record(data, sampleRate, channels, frames);
            if (sampleRate != MarkerPlan.SAMPLE_RATE) {
                warnOnce(bitsPerSample, sampleRate, channels);
                return;
            }
            hear(Pcm.firstChannel(data, channels, frames), now, Double.NaN);
        } catch (Exception | Error e) {
            log.warn("audio sink error: {}", e.toString());
        }
    }

    /**
     * Packet audio: the 10 ms chunk the playout clock's turn at {@code turnMillis} plays (48 kHz
     * mono); the turn, not the time of the call, says which mix frame it belongs to.
     */
    @Override
    public void play(short[] mono, double turnMillis) {
        double now = clock.nowMillis();
        try {
            stats.audioChunks.incrementAndGet();
            if (recordPath != null) {
                record(Pcm.toLittleEndian(mono), MarkerPlan.SAMPLE_RATE, 1, mono.length);
            }
            hear(mono, now, turnMillis);
        } catch (Exception | Error e) {
            log.warn("audio sink error: {}", e.toString());
        }
    }

    /**
     * A recording keeps the link's timeline from its first turn, silence included, as libwebrtc's
     * device does for RTP audio; nothing else needs a silent turn.
     */
    @Override
    public void idle(double turnMillis) {
        if (recordPath == null) {
            return;
        }
        try {
            record(SILENT_CHUNK, MarkerPlan.SAMPLE_RATE, 1, AudioFrames.FRAME_SAMPLES);
        } catch (Exception | Error e) {
            log.warn("audio sink error: {}", e.toString());
        }
    }

    private void hear(short[] mono, double now, double turnMillis) {
        if (mono.length == AudioFrames.FRAME_SAMPLES) {
            if (relay.wants(remotePeer)) {
                if (Double.isNaN(turnMillis)) {
                    relay.offer(remotePeer, mono);
                } else {
                    relay.offerAt(remotePeer, mono, turnMillis);
                }
            }
            ReceivedMedia page = listener.get();
            if (page.listening()) {
                page.audio(remotePeer, mono.clone());
            }
        }
        for (MarkerDetection d : detector.process(mono)) {
            onMarker(d, now);
        }
    }

    private void onMarker(MarkerDetection d, double now) {
        ReceiveStats target = stats;
        RemoteTiming origin = timing;
        if (d.slot() != timing.markerSlot().orElse(defaultSlot)) {
            if (timing.carriesOnlyItsOwnVoice()) {
                // Nothing else is mixed into this link: the detector misread the slot.
                stats.markersMisread.incrementAndGet();
                return;
            }
            Optional<RelayOrigins.Origin> relayed = origins.bySlot(d.slot());
            if (relayed.isEmpty()) {
                (origins.isSelf(d.slot()) ? stats.markersOwn : stats.markersForeign).incrementAndGet();
                return;
            }
            target = relayed.get().stats();
            origin = relayed.get().timing();
            target.markersRelayed.incrementAndGet();
        }
        target.markersDetected.incrementAndGet();
        Optional<ClockOffset> offset = origin.clockOffset();
        Optional<MarkerSchedule> schedule = origin.markerSchedule();
        if (offset.isEmpty() || schedule.isEmpty() || !origin.steady()) {
            return;
        }
        double detectLocal = now - (detector.position() - d.onsetSample()) * 1000.0 / MarkerPlan.SAMPLE_RATE;
        double detectRemoteClock = detectLocal + offset.get().offsetMicros() / 1000.0;
        long seq = schedule.get().resolve(d.symbol(), detectRemoteClock);
        double sentLocal = offset.get().toLocalMillis(schedule.get().sendMillis(seq));
        target.audioLatency.record(detectLocal - sentLocal);
        target.audioGaps.onMarker(seq, detectLocal);
    }

    private void record(byte[] data, int sampleRate, int channels, int frames) throws java.io.IOException {
        if (recordPath == null) {
            return;
        }
        if (recorder == null) {
            recorder = new WavWriter(recordPath, sampleRate, channels);
        }
        if (recorder.channels() == channels) {
            recorder.write(data, 0, Math.min(data.length, frames * channels * 2));
        }
    }

    private void warnOnce(int bits, int rate, int channels) {
        if (!warnedFormat) {
            warnedFormat = true;
            log.warn("unexpected audio format {} bit {} Hz {} ch; markers not analysed", bits, rate, channels);
        }
    }

    /** Finishes the recording; called after the sink is detached from its track. */
    public void close() {
        if (recorder != null) {
            try {
                recorder.close();
            } catch (java.io.IOException e) {
                log.warn("closing audio recording: {}", e.toString());
            }
        }
    }
}
