package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.MetricsReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityTroubleTest {
    private static MetricsReport report(double encodeMs, String direction, String kind, String limitation) {
        return MetricsReport.newBuilder()
                .setAvgEncodeMsPerFrame(encodeMs)
                .addLinks(LinkMetrics.newBuilder()
                        .setDirection(direction)
                        .setKind(kind)
                        .setQualityLimitation(limitation))
                .build();
    }

    @Test
    void bandwidthOrCpuLimitedVideoUploadsAndSlowEncodersAreInTrouble() {
        Map<String, MetricsReport> reports = Map.of(
                "fine", report(5, "outbound", "video", "none"),
                "squeezed", report(5, "outbound", "video", "bandwidth"),
                "busy", report(5, "outbound", "video", "cpu"),
                "slow", report(40, "outbound", "video", "none"),
                "inboundOnly", report(5, "inbound", "video", "bandwidth"),
                "other", report(5, "outbound", "video", "other"));
        assertThat(QualityTrouble.troubled(reports, 33)).containsExactly("busy", "slow", "squeezed");
    }
}
