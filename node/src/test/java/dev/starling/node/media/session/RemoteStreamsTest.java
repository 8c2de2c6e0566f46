package dev.starling.node.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.source.VideoSourceKind;
import org.junit.jupiter.api.Test;

class RemoteStreamsTest {
    /** The media sections of a description as libwebrtc writes them for our three tracks (trimmed). */
    private static final String SDP = String.join(
            "\r\n",
            "v=0",
            "o=- 1 2 IN IP4 127.0.0.1",
            "s=-",
            "a=group:BUNDLE 0 1 2 3",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=mid:0",
            "a=sendrecv",
            "a=msid:a-node-a audio-node-a",
            "m=video 9 UDP/TLS/RTP/SAVPF 96",
            "a=mid:1",
            "a=msid:v-node-a video-node-a",
            "m=video 9 UDP/TLS/RTP/SAVPF 96",
            "a=msid:s-node-a screen-node-a",
            "a=mid:2",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "a=mid:3",
            "");

    @Test
    void findsEachMidsStreamIdsWhereverTheMidLineStands() {
        RemoteStreams streams = new RemoteStreams();
        streams.described(SDP);
        assertThat(streams.streamIds("0")).containsExactly("a-node-a");
        assertThat(streams.streamIds("1")).containsExactly("v-node-a");
        assertThat(streams.streamIds("2")).containsExactly("s-node-a");
        assertThat(streams.streamIds("3")).isEmpty();
    }

    @Test
    void theScreensMidIsClassifiedAsTheScreen() {
        RemoteStreams streams = new RemoteStreams();
        streams.described(SDP);
        assertThat(StreamIds.videoKind(streams.streamIds("1"))).isEqualTo(VideoSourceKind.CAMERA);
        assertThat(StreamIds.videoKind(streams.streamIds("2"))).isEqualTo(VideoSourceKind.SCREEN);
    }

    @Test
    void unknownMidsAndTracksWithoutAStreamHaveNoStreamIds() {
        RemoteStreams streams = new RemoteStreams();
        assertThat(streams.streamIds("1")).isEmpty();
        assertThat(streams.streamIds(null)).isEmpty();
        streams.described("m=video 9 X 96\na=mid:5\na=msid:- track\n");
        assertThat(streams.streamIds("5")).isEmpty();
    }
}
