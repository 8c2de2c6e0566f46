package dev.starling.node.media.session;

import java.nio.file.Path;

/**
 * Where received media is recorded, if anywhere. One place names the files, so a peer's audio
 * and video recordings always sit side by side under the same (file-system safe) name.
 *
 * @param dir directory for received-media recordings, or null for none
 * @param fps frame rate written into video recordings
 */
public record RecordingPlan(Path dir, int fps) {
    /** The recording of {@code peerId}'s media with {@code extension} (".wav", ".y4m"), or null when not recording. */
    Path fileFor(String peerId, String extension) {
        return dir == null ? null : dir.resolve(peerId.replaceAll("[^A-Za-z0-9._-]", "_") + extension);
    }
}
