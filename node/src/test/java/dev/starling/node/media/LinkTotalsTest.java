package dev.starling.node.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.protocol.v1.LinkMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkTotalsTest {

    @Test
    void aClientsFrozenLinksDoNotDiluteItsVideoBitrate() {
        // A client of one mixer: its camera goes to the mixer at 120 kbit/s; three links are frozen.
        LinkTotals client = LinkTotals.of(List.of(
                new LinkTotals.Link(true, List.of(video("outbound", 120, 3), audio("outbound", 30))),
                new LinkTotals.Link(false, List.of(video("outbound", 0, 0), video("inbound", 80, 0))),
                new LinkTotals.Link(false, List.of(video("outbound", 1, 0))),
                new LinkTotals.Link(false, List.of())));
        assertThat(client.avgVideoKbps()).isEqualTo(120);
        assertThat(client.avgEncodeMs()).isEqualTo(3);
        assertThat(client.uploadKbps()).as("upload counts every link").isEqualTo(151);
        assertThat(client.downloadKbps()).isEqualTo(80);
    }

    @Test
    void aMeshPeerAveragesEveryLinkItSendsOn() {
        LinkTotals mesh = LinkTotals.of(List.of(
                new LinkTotals.Link(true, List.of(video("outbound", 100, 2))),
                new LinkTotals.Link(true, List.of(video("outbound", 200, 4)))));
        assertThat(mesh.avgVideoKbps()).isEqualTo(150);
        assertThat(mesh.avgEncodeMs()).isEqualTo(3);
    }

    @Test
    void noVideoSentMeansZeroNotNaN() {
        LinkTotals none = LinkTotals.of(List.of(new LinkTotals.Link(false, List.of(video("outbound", 0, 0)))));
        assertThat(none.avgVideoKbps()).isZero();
        assertThat(none.avgEncodeMs()).isZero();
        assertThat(LinkTotals.of(List.of()).uploadKbps()).isZero();
    }

    private static LinkMetrics video(String direction, double kbps, double encodeMs) {
        return LinkMetrics.newBuilder()
                .setDirection(direction)
                .setKind("video")
                .setBitrateKbps(kbps)
                .setEncodeMsPerFrame(encodeMs)
                .build();
    }

    private static LinkMetrics audio(String direction, double kbps) {
        return LinkMetrics.newBuilder()
                .setDirection(direction)
                .setKind("audio")
                .setBitrateKbps(kbps)
                .build();
    }
}
