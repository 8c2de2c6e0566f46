package dev.starling.node.media.source;

import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The microphone, recorded once for the whole node through an audio device module of its own and
 * served as {@link AudioFrames}, like the camera's {@link CameraFeed}. Links push these frames
 * exactly as they push synthetic or file audio, so a mixer can mix its own voice into what it
 * sends, and no link's device ever records into a send stream (see {@code LocalMedia}).
 */
public final class MicrophoneFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MicrophoneFeed.class);

    private final AudioDeviceModule adm = new AudioDeviceModule();
    private final CapturedAudio captured = new CapturedAudio();
    private final AudioSink sink = this::onRecorded;
    private boolean closed;
    private boolean warnedFormat;

    public MicrophoneFeed(AudioDevice microphone) {
        adm.setRecordingDevice(microphone);
        adm.setAudioSink(sink);
        adm.initRecording();
        adm.startRecording();
    }

    public AudioFrames frames() {
        return captured;
    }

    private void onRecorded(
            byte[] samples,
            int frames,
            int bytesPerSample,
            int channels,
            int sampleRate,
            int totalDelayMs,
            int clockDrift) {
        try {
            if (channels < 1 || bytesPerSample != 2 * channels || sampleRate < 8_000) {
                if (!warnedFormat) {
                    warnedFormat = true;
                    log.warn(
                            "microphone delivers {} bytes per sample, {} ch, {} Hz; expected 16-bit PCM",
                            bytesPerSample,
                            channels,
                            sampleRate);
                }
                return;
            }
            captured.offer(samples, channels, sampleRate, frames);
        } catch (RuntimeException e) {
            log.warn("microphone capture: {}", e.toString());
        }
    }

    /** Whole 10 ms frames the device has delivered (a PulseAudio device starts after 1-2 s here). */
    public long framesCaptured() {
        return captured.framesCaptured();
    }

    /** Frames captured, dropped and rendered silent: a glance at how the device keeps time. */
    public String counters() {
        return captured.counters();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Runnable step : new Runnable[] {adm::stopRecording, adm::dispose}) {
            try {
                step.run();
            } catch (RuntimeException | Error e) {
                log.debug("microphone teardown: {}", e.toString());
            }
        }
    }
}
