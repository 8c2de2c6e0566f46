package dev.starling.node.media.source;

import dev.starling.node.media.synthetic.VideoStamper;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A WAV and/or a Y4M file, looped. A track without a file carries the synthetic signal instead
 * of silence or black, so that its latency can still be measured.
 */
public final class FileSources implements LocalSources {
    private final PcmClip audio;
    private final Y4mFile video;
    private final SyntheticSources synthetic;
    private final String description;

    private FileSources(PcmClip audio, Y4mFile video, SyntheticSources synthetic, String description) {
        this.audio = audio;
        this.video = video;
        this.synthetic = synthetic;
        this.description = description;
    }

    /** Reads and checks both files now, so a bad one stops the node before it joins. */
    public static FileSources open(Optional<Path> wav, Optional<Path> y4m, SyntheticSources synthetic)
            throws SourceUnavailableException {
        if (wav.isEmpty() && y4m.isEmpty()) {
            throw new IllegalArgumentException("file source needs a WAV or a Y4M file");
        }
        PcmClip clip = wav.isPresent() ? WavReader.read(wav.get()) : null;
        Y4mFile film = y4m.isPresent() ? Y4mFile.open(y4m.get()) : null;
        String description = "audio "
                + (clip != null
                        ? wav.get() + String.format(" (%.1f s loop)", clip.length() / (double) AudioFrames.SAMPLE_RATE)
                        : "synthetic")
                + ", video "
                + (film != null
                        ? y4m.get() + " (" + film.width() + "x" + film.height() + ", " + film.frameCount()
                                + " frames loop)"
                        : synthetic.describe());
        return new FileSources(clip, film, synthetic, description);
    }

    @Override
    public AudioFrames audio(int markerSlot) {
        return audio != null ? audio : synthetic.audio(markerSlot);
    }

    @Override
    public VideoFrames video(int videoTag) {
        return video != null ? video : synthetic.video(videoTag);
    }

    /** A film carries no stamps; the synthetic pattern does. */
    @Override
    public Optional<VideoStamper> stamper(int videoTag) {
        return video != null ? Optional.empty() : synthetic.stamper(videoTag);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (video != null) {
            video.close();
        }
    }
}
