package dev.starling.node.media.mesh;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.sink.ReceivedMedia;
import dev.starling.node.media.source.VideoSourceKind;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens to what one engine decodes, as the call page would, and counts the pictures handed on
 * as {@code sharer}'s screen: those that look like {@link SharedScreenSources}' screen, and those
 * that do not (a camera picture labelled as the screen).
 */
final class ScreenWatcher implements ReceivedMedia {
    private final String sharer;
    final AtomicLong screenPictures = new AtomicLong();
    final AtomicLong screenPicturesUnlike = new AtomicLong();
    final AtomicLong cameraPictures = new AtomicLong();
    final AtomicLong cameraPicturesLikeTheScreen = new AtomicLong();

    ScreenWatcher(String sharer) {
        this.sharer = sharer;
    }

    @Override
    public boolean listening() {
        return true;
    }

    @Override
    public void audio(String fromPeer, short[] pcm) {}

    @Override
    public void audioFrame(String fromPeer, long frameIndex, short[] pcm) {}

    @Override
    public void video(String fromPeer, VideoSourceKind source, I420Frame picture) {
        if (!fromPeer.equals(sharer)) {
            return;
        }
        boolean looksLikeScreen = picture.width() == SharedScreenSources.WIDTH
                && picture.height() == SharedScreenSources.HEIGHT
                && flatAtScreenLuma(picture);
        if (source == VideoSourceKind.SCREEN) {
            screenPictures.incrementAndGet();
            if (!looksLikeScreen) {
                screenPicturesUnlike.incrementAndGet();
            }
        } else {
            cameraPictures.incrementAndGet();
            if (looksLikeScreen) {
                cameraPicturesLikeTheScreen.incrementAndGet();
            }
        }
    }

    /** The screen is flat: five points across the picture all at its luma (a camera's moving pattern is not). */
    private static boolean flatAtScreenLuma(I420Frame picture) {
        int w = picture.width();
        int h = picture.height();
        int[][] points = {{w / 2, h / 2}, {w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}
        };
        for (int[] p : points) {
            int luma = picture.y()[p[1] * picture.strideY() + p[0]] & 0xFF;
            if (Math.abs(luma - SharedScreenSources.SCREEN_LUMA) > 8) {
                return false;
            }
        }
        return true;
    }
}
