package dev.starling.node.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioPacketTimeTest {
    private static final String AUDIO_THEN_VIDEO = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n";

    @Test
    void addsPtimeAtTheEndOfTheAudioSection() {
        String munged = AudioPacketTime.prefer(AUDIO_THEN_VIDEO, 10);
        assertThat(munged).contains("a=rtpmap:111 opus/48000/2\r\na=ptime:10\r\nm=video");
        assertThat(munged).endsWith("a=rtpmap:96 VP8/90000\r\n");
    }

    @Test
    void audioAsLastSectionAndExistingPtimeAndNoAudio() {
        String audioLast = "v=0\nm=video 9 X 96\na=x\nm=audio 9 X 111\na=rtpmap:111 opus/48000/2\n";
        assertThat(AudioPacketTime.prefer(audioLast, 10)).isEqualTo(audioLast + "a=ptime:10\n");
        String named = AUDIO_THEN_VIDEO.replace("opus/48000/2\r\n", "opus/48000/2\r\na=ptime:20\r\n");
        assertThat(AudioPacketTime.prefer(named, 10)).isEqualTo(named);
        String videoOnly = "v=0\r\nm=video 9 X 96\r\n";
        assertThat(AudioPacketTime.prefer(videoOnly, 10)).isEqualTo(videoOnly);
        assertThat(AudioPacketTime.prefer("garbage", 10)).isEqualTo("garbage");
        assertThat(AudioPacketTime.prefer("", 10)).isEmpty();
    }
}
