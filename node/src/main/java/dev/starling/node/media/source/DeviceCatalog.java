package dev.starling.node.media.source;

import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.video.VideoDevice;
import java.util.List;

/** The capture devices present; an interface so the missing-device paths can be tested anywhere. */
public interface DeviceCatalog {
    List<VideoDevice> cameras();

    List<AudioDevice> microphones();

    /** The operating system's devices, as libwebrtc sees them (V4L2 cameras, PulseAudio sources). */
    static DeviceCatalog system() {
        return new DeviceCatalog() {
            @Override
            public List<VideoDevice> cameras() {
                List<VideoDevice> found = MediaDevices.getVideoCaptureDevices();
                return found == null ? List.of() : found;
            }

            @Override
            public List<AudioDevice> microphones() {
                List<AudioDevice> found = MediaDevices.getAudioCaptureDevices();
                return found == null ? List.of() : found;
            }
        };
    }
}
