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
    public void video(String fromPeer, VideoSourceKind source, I420Frame picture) {
        if (!fromPeer.equals(sharer)) {
            return;
        }
        boolean looksLikeScreen = Math.abs(centreLuma(picture) - SharedScreenSources.SCREEN_LUMA) <= 8
                && picture.width() == SharedScreenSources.WIDTH;
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

    private static int centreLuma(I420Frame picture) {
        return picture.y()[(picture.height() / 2) * picture.strideY() + picture.width() / 2] & 0xFF;
    }
}
