package dev.starling.node.media;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A video size and frame rate as typed on the command line: {@code WIDTHxHEIGHT@FPS}. */
public record VideoFormat(int width, int height, int fps) {
    /** 320x240@15: enough motion and stamp area, cheap enough for several peers on 2 cores. */
    public static final VideoFormat SYNTHETIC_DEFAULT = new VideoFormat(320, 240, 15);

    private static final Pattern FORMAT = Pattern.compile("(\\d{2,4})x(\\d{2,4})@(\\d{1,2})");

    public VideoFormat {
        if (width < 128 || width > 1920 || width % 16 != 0) {
            throw new IllegalArgumentException("width must be a multiple of 16 in 128-1920, not " + width);
        }
        if (height < 96 || height > 1080 || height % 2 != 0) {
            throw new IllegalArgumentException("height must be even and in 96-1080, not " + height);
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("frame rate must be 1-60, not " + fps);
        }
    }

    public static VideoFormat parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected WIDTHxHEIGHT@FPS such as 640x360@30, got '" + text + "'");
        }
        return new VideoFormat(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
}
