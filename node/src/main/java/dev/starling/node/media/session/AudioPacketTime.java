package dev.starling.node.media.session;

/**
 * Asks for short audio packets by adding {@code a=ptime} to the audio section of a session
 * description.
 *
 * <p>libwebrtc sizes the Opus frames it sends from the ptime in the <em>remote</em> description,
 * and defaults to 20 ms. Every millisecond of packetization is a millisecond of one-way latency,
 * so a node adds {@code a=ptime:10} to each description it receives before applying it: its own
 * sender then packs 10 ms per packet. A description without an audio section, or one that already
 * names a ptime, is returned unchanged.
 */
public final class AudioPacketTime {
    private AudioPacketTime() {
    }

    public static String prefer(String sdp, int millis) {
        if (sdp == null || sdp.isEmpty()) {
            return sdp;
        }
        String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
        String[] lines = sdp.split("\r?\n", -1);
        StringBuilder out = new StringBuilder(sdp.length() + 16);
        boolean inAudio = false;
        boolean audioHasPtime = false;
        int audioEnd = -1;
        // First pass: find the audio section's end and whether it names a ptime already.
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("m=")) {
                if (inAudio) {
                    audioEnd = i;
                }
                inAudio = line.startsWith("m=audio ");
            } else if (inAudio && line.startsWith("a=ptime:")) {
                audioHasPtime = true;
            }
        }
        if (inAudio) {
            audioEnd = trailingEnd(lines);
        }
        if (audioEnd < 0 || audioHasPtime) {
            return sdp;
        }
        for (int i = 0; i < lines.length; i++) {
            if (i == audioEnd) {
                out.append("a=ptime:").append(millis).append(eol);
            }
            out.append(lines[i]);
            if (i < lines.length - 1) {
                out.append(eol);
            }
        }
        return out.toString();
    }

    /** Index just past the last non-empty line (an SDP ends with a line break, so the split leaves ""). */
    private static int trailingEnd(String[] lines) {
        int end = lines.length;
        while (end > 0 && lines[end - 1].isEmpty()) {
            end--;
        }
        return end;
    }
}
