package dev.starling.node.media.source;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.VideoCaptureCapability;
import dev.onvoid.webrtc.media.video.VideoDevice;
import dev.onvoid.webrtc.media.video.VideoDeviceSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera, opened once per node and shared by every link through a {@link LatestPicture}: a
 * camera usually admits a single opener, and each link has its own factory (see LocalMedia), so
 * links cannot share a capture track.
 */
public final class CameraFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CameraFeed.class);

    private final HeadlessAudioDeviceModule adm = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory;
    private final VideoDeviceSource source = new VideoDeviceSource();
    private final VideoTrack track;
    private final LatestPicture picture;
    private boolean closed;

    public CameraFeed(VideoDevice camera, int width, int height, int fps) {
        this.picture = new LatestPicture(width, height, fps);
        this.factory = new PeerConnectionFactory(adm);
        source.setVideoCaptureDevice(camera);
        source.setVideoCaptureCapability(new VideoCaptureCapability(width, height, fps));
        this.track = factory.createVideoTrack("camera", source);
        track.addSink(picture);
        source.start();
    }

    public VideoFrames frames() {
        return picture;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Runnable step : new Runnable[] {
            source::stop,
            () -> track.removeSink(picture),
            track::dispose,
            source::dispose,
            factory::dispose,
            adm::dispose
        }) {
            try {
                step.run();
            } catch (RuntimeException | Error e) {
                log.debug("camera teardown: {}", e.toString());
            }
        }
    }
}
