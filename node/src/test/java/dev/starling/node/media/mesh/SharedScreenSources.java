package dev.starling.node.media.mesh;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.media.source.LocalSources;
import dev.starling.node.media.source.VideoFrames;

/**
 * Test sources that share a screen all along: another node's sources plus a flat screen of luma
 * {@value #SCREEN_LUMA}, unlike anything the synthetic camera draws, so a receiver can tell which
 * track a picture came from by looking at it.
 */
final class SharedScreenSources implements LocalSources {
    static final int SCREEN_LUMA = 200;
    static final int WIDTH = 320;
    static final int HEIGHT = 180;
    static final int FPS = 5;

    private final LocalSources camera;

    SharedScreenSources(LocalSources camera) {
        this.camera = camera;
    }

    @Override
    public AudioFrames audio(int markerSlot) {
        return camera.audio(markerSlot);
    }

    @Override
    public VideoFrames video(int videoTag) {
        return camera.video(videoTag);
    }

    @Override
    public VideoFrames screen() {
        return new VideoFrames() {
            @Override
            public int width() {
                return WIDTH;
            }

            @Override
            public int height() {
                return HEIGHT;
            }

            @Override
            public long frameIntervalMicros() {
                return 1_000_000L / FPS;
            }

            @Override
            public void render(long frameIndex, I420Frame out) {
                out.fill(SCREEN_LUMA, 128, 128);
            }
        };
    }

    @Override
    public String describe() {
        return camera.describe() + ", and a shared screen";
    }

    @Override
    public void close() {
        camera.close();
    }
}
