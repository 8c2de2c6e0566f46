package dev.starling.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import dev.starling.chaos.scenario.Suite;
import dev.starling.chaos.scenario.SuiteLoader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomPlanTest {
    private final Suite suite = new SuiteLoader(new ScenarioParser()).latency();

    @Test
    void onlyTheScenariosMixersStandForElection() {
        Scenario threeMixers =
                SuitePlan.select(suite, false, Set.of("clean-3-mixers"), null).get(0);
        assertThat(threeMixers.nodes())
                .extracting(p -> p.id())
                .containsExactly("client-1", "client-2", "mixer-1", "mixer-2", "mixer-3");
        assertThat(RoomPlan.nodeOwnOptions(threeMixers))
                .containsOnlyKeys(1, 2)
                .allSatisfy((node, options) -> assertThat(options).containsExactly("--no-mixer-candidate"));

        Scenario mesh =
                SuitePlan.select(suite, false, Set.of("clean-0-mixers"), null).get(0);
        assertThat(RoomPlan.nodeOwnOptions(mesh)).isEmpty();
    }

    @Test
    void everyNodeSendsAtTheScenariosBitrates() {
        Scenario audioOnly =
                SuitePlan.select(suite, false, Set.of("clean-2-mixers"), null).get(0);
        assertThat(RoomPlan.nodeOptions(audioOnly))
                .containsExactly("--mixers", "2", "--audio-bitrate", "32000", "--video", RoomPlan.LIGHT_VIDEO);

        Scenario withVideo = new ScenarioParser().parse("video.yaml", """
                name: video
                duration: 10s
                peers: [a, b]
                media: {audio-bitrate: 24kbit, video: true, video-bitrate: 1.5mbit}
                """);
        assertThat(RoomPlan.nodeOptions(withVideo))
                .containsExactly("--audio-bitrate", "24000", "--video-bitrate", "1500000");
    }

    @Test
    void onlyARoomThatNoScenarioChangedHostsTheNext() {
        List<Scenario> scenarios =
                SuitePlan.select(suite, false, Set.of("clean-1-mixers", "mixer-kill", "partition-heal"), null);
        assertThat(scenarios)
                .filteredOn(RoomPlan::shareable)
                .extracting(Scenario::name)
                .containsExactly("clean-1-mixers");
        assertThat(scenarios)
                .filteredOn(s -> !RoomPlan.shareable(s))
                .allSatisfy(s -> assertThat(RoomPlan.shareKey(s)).isEqualTo("own:" + s.name()));
    }
}
