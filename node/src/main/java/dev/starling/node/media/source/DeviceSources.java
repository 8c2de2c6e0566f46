package dev.starling.node.media.source;

import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.video.VideoDevice;
import dev.starling.node.presence.CallState;
import dev.starling.node.presence.DeviceState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The system's (first) microphone and, if there is one, its (first) camera, each opened once and
 * shared by all links. Without a camera the node takes part audio-only; without a microphone it
 * refuses to start. Links play the remote audio on the default output device.
 */
public final class DeviceSources implements LocalSources {
    private static final long LOOKUP_TIMEOUT_SECONDS = 4;
    private final CameraFeed camera;
    private final MicrophoneFeed microphone;
    private final VideoFrames noCamera;
    private final String description;

    private DeviceSources(CameraFeed camera, MicrophoneFeed microphone, VideoFrames noCamera, String description) {
        this.camera = camera;
        this.microphone = microphone;
        this.noCamera = noCamera;
        this.description = description;
    }

    /**
     * Looks both devices up before opening either, so the message names everything missing.
     *
     * @throws SourceUnavailableException "no microphone found", or a device that would not open
     */
    public static DeviceSources open(DeviceCatalog devices, int width, int height, int fps)
            throws SourceUnavailableException {
        List<String> missing = new ArrayList<>();
        VideoDevice cam = first(devices::cameras, "camera", new ArrayList<>());
        AudioDevice mic = first(devices::microphones, "microphone", missing);
        if (!missing.isEmpty()) {
            throw new SourceUnavailableException(String.join("; ", missing)
                    + ". --media devices needs a microphone (a camera is optional); --media synthetic,"
                    + " browser or file:... need neither");
        }
        CameraFeed feed = null;
        if (cam != null) {
            try {
                feed = new CameraFeed(cam, width, height, fps);
            } catch (RuntimeException | Error e) {
                throw new SourceUnavailableException("cannot open camera " + cam.getName() + ": " + e, e);
            }
        }
        MicrophoneFeed voice;
        try {
            voice = new MicrophoneFeed(mic);
        } catch (RuntimeException | Error e) {
            if (feed != null) {
                feed.close();
            }
            throw new SourceUnavailableException("cannot open microphone " + mic.getName() + ": " + e, e);
        }
        String video = cam == null
                ? "no camera (audio only)"
                : "camera " + cam.getName() + " at " + width + "x" + height + "@" + fps;
        return new DeviceSources(
                feed, voice, new VideoFrames.NeverLive(width, height, fps), video + ", microphone " + mic.getName());
    }

    private static <T> T first(Supplier<List<T>> lookup, String kind, List<String> missing) {
        List<T> found;
        try {
            found = withTimeout(lookup, kind);
        } catch (RuntimeException | Error e) {
            // e.g. no audio server: to the user this is simply no device
            missing.add("no " + kind + " found (" + e.getMessage() + ")");
            return null;
        }
        if (found.isEmpty()) {
            missing.add("no " + kind + " found");
            return null;
        }
        return found.get(0);
    }

    /**
     * Measured here: without a sound server, libwebrtc's microphone enumeration never returns. The
     * lookup runs on a daemon thread so a hung native call cannot keep the process from exiting.
     */
    private static <T> List<T> withTimeout(Supplier<List<T>> lookup, String kind) {
        FutureTask<List<T>> task = new FutureTask<>(lookup::get);
        Thread thread = new Thread(task, "device-lookup-" + kind);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the device lookup did not answer within " + LOOKUP_TIMEOUT_SECONDS
                    + " s; is a sound server running?");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(cause.getMessage() != null ? cause.getMessage() : cause.toString(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public AudioFrames audio(int markerSlot) {
        return microphone.frames();
    }

    @Override
    public VideoFrames video(int videoTag) {
        return camera == null ? noCamera : camera.frames();
    }

    @Override
    public CallState initialCallState() {
        return new CallState(DeviceState.ON, camera == null ? DeviceState.NONE : DeviceState.ON, DeviceState.NONE);
    }

    @Override
    public boolean playsRemoteAudio() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (camera != null) {
            camera.close();
        }
        microphone.close();
    }
}
