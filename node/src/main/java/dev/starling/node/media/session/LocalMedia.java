package dev.starling.node.media.session;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.starling.node.media.data.AudioChannel;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.media.source.AudioPusher;
import dev.starling.node.media.source.PushTiming;
import dev.starling.node.media.source.VideoFrames;
import dev.starling.node.media.source.VideoPusher;
import dev.starling.node.media.synthetic.Pcm;
import dev.starling.node.timesync.WallClock;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local side of one link: its own factory, audio device module, sources and tracks. Audio
 * is always pushed (synthetic, files, or the node's one {@code MicrophoneFeed}); the audio device
 * is headless, or a real one that plays the remote audio and never records into the link.
 *
 * <p>Why one per link rather than one per node: libwebrtc restarts the audio device's recording
 * whenever any new audio send stream starts, and recording plus our pushed audio feeding the
 * same send stream concurrently aborts the process (measured: race_checker in
 * audio_send_stream.cc). With a shared factory every new peer would force all links to pause
 * their audio, and each pause shows up at every receiver as a jitter spike that inflates the
 * jitter buffer by the length of the pause (measured 500-800 ms). With a factory per link,
 * only that link pauses, and only while it renegotiates (rare once set up).
 * Every link's audio follows the same marker schedule, so all peers hear the same signal.
 */
public final class LocalMedia implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalMedia.class);

    private final AudioDeviceModuleBase adm;
    private final PeerConnectionFactory factory;
    private final CustomAudioSource audioSource;
    private final CustomVideoSource videoSource;
    private final AudioTrack audioTrack;
    private final VideoTrack videoTrack;
    /** The shared screen: a second video track, its pusher idle (nothing sent) while nobody shares. */
    private final CustomVideoSource screenSource;

    private final VideoTrack screenTrack;
    private final AudioPusher audioPusher;
    private final VideoPusher videoPusher;
    private final VideoPusher screenPusher;
    private final ScheduledExecutorService videoScheduler;
    private final ScheduledExecutorService audioScheduler;
    private volatile AudioChannel packets;
    private final boolean audioPackets;
    private boolean closed;
    /** Routing froze this link: nothing is pushed, so nothing is encoded, whatever negotiation does. */
    private boolean frozen;

    /**
     * @param playout whether the link plays the remote audio on the system's output device; a
     *                headless link only decodes it for its sinks
     * @param audioPackets whether the peer's audio comes as packets (then the device has nothing
     *                to play, and its playout thread is stopped)
     * @param pushTiming the node's record of how punctually its audio is pushed, shared by its links
     * @param audioScheduler runs only audio pushes: a 10 ms frame pushed late reaches the
     *                       receiver as jitter, and the jitter buffer grows to absorb it
     */
    public LocalMedia(
            String trackPrefix,
            boolean playout,
            boolean audioPackets,
            AudioFrames audio,
            VideoFrames video,
            VideoFrames screen,
            long audioEpochMillis,
            WallClock clock,
            PushTiming pushTiming,
            ScheduledExecutorService videoScheduler,
            ScheduledExecutorService audioScheduler) {
        this.videoScheduler = videoScheduler;
        this.audioScheduler = audioScheduler;
        this.adm = playout ? new AudioDeviceModule() : new HeadlessAudioDeviceModule();
        this.audioPackets = audioPackets;
        this.factory = new PeerConnectionFactory(adm);
        this.audioSource = new CustomAudioSource();
        this.audioPusher = new AudioPusher(this::pushAudio, audio, audioEpochMillis, clock, pushTiming);
        this.videoSource = new CustomVideoSource();
        this.audioTrack = factory.createAudioTrack("audio-" + trackPrefix, audioSource);
        this.videoTrack = factory.createVideoTrack("video-" + trackPrefix, videoSource);
        this.videoPusher = new VideoPusher(videoSource, video);
        this.screenSource = new CustomVideoSource();
        this.screenTrack = factory.createVideoTrack("screen-" + trackPrefix, screenSource);
        this.screenPusher = new VideoPusher(screenSource, screen);
    }

    /**
     * Our audio goes as packets on {@code channel} whenever the peer asked for them in its hello,
     * and as RTP through the audio track otherwise. Set once, when the link's channels open.
     */
    public void sendAudioPacketsOver(AudioChannel channel) {
        this.packets = channel;
    }

    private void pushAudio(long frameIndex, short[] samples) {
        AudioChannel channel = packets;
        if (channel != null && channel.carriesOurAudio()) {
            channel.send(frameIndex, samples);
        } else {
            audioSource.pushAudio(
                    Pcm.toLittleEndian(samples), 16, AudioFrames.SAMPLE_RATE, 1, AudioFrames.FRAME_SAMPLES);
        }
    }

    public PeerConnectionFactory factory() {
        return factory;
    }

    public AudioTrack audio() {
        return audioTrack;
    }

    public VideoTrack video() {
        return videoTrack;
    }

    public VideoTrack screen() {
        return screenTrack;
    }

    /** Starts both pictures' pushers; the screen's sends nothing until a screen is shared. */
    public synchronized void startVideo() {
        if (!closed && !frozen) {
            videoPusher.start(videoScheduler);
            screenPusher.start(videoScheduler);
        }
    }

    /**
     * Starts (or resumes) pushing audio once the link is connected and negotiation has settled:
     * the send stream exists by then, so recording is stopped first and our source is the only feeder.
     */
    public synchronized void startAudio() {
        if (closed) {
            return;
        }
        try {
            adm.stopRecording(); // also when frozen: the device's silence must not be sent either
            if (audioPackets) {
                // Nothing comes as RTP, yet the device would wake 100 times a second to play
                // silence: with a device per link that is most of a busy room's thread wake-ups.
                adm.stopPlayout();
            }
        } catch (RuntimeException | Error e) {
            log.debug("stopping the audio device: {}", e.toString());
        }
        if (!frozen) {
            audioPusher.resume();
            audioPusher.start(audioScheduler);
        }
    }

    /**
     * Stops or restarts our media on this link for routing. Audio is frozen by not pushing it rather
     * than by deactivating the encoding: re-activating an audio encoding restarts the send stream,
     * and with it the device's recording, which aborts the process if it meets our pushes (see
     * the class comment). With nothing pushed the encoder gets no frames and sends nothing.
     *
     * @param resume whether a thawed link may push at once (false while negotiation is in flight)
     */
    public synchronized void freeze(boolean frozen, boolean resume) {
        this.frozen = frozen;
        if (frozen) {
            pauseAudio();
            videoPusher.close(); // nothing would encode the pictures; don't render them either
            screenPusher.close();
        } else {
            startVideo();
            if (resume) {
                startAudio();
            }
        }
    }

    /** Before any (re)negotiation: libwebrtc may restart recording while it applies descriptions. */
    public void pauseAudio() {
        audioPusher.pause();
    }

    /** First step of teardown: nothing may be pushed into sources that are about to go away. */
    public synchronized void stopPushers() {
        audioPusher.close();
        videoPusher.close();
        screenPusher.close();
    }

    /** Last step of teardown, after the peer connection is closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopPushers();
        for (Runnable dispose : new Runnable[] {
            audioTrack::dispose,
            videoTrack::dispose,
            screenTrack::dispose,
            audioSource::dispose,
            videoSource::dispose,
            screenSource::dispose
        }) {
            try {
                dispose.run();
            } catch (RuntimeException | Error e) {
                // A track released with its connection may throw here; nothing left to free.
                log.debug("dispose: {}", e.toString());
            }
        }
        try {
            adm.stopPlayout();
            adm.stopRecording();
        } catch (RuntimeException | Error e) {
            log.debug("adm stop: {}", e.toString());
        }
        try {
            factory.dispose();
            adm.dispose();
        } catch (RuntimeException | Error e) {
            log.warn("disposing factory: {}", e.toString());
        }
    }
}
