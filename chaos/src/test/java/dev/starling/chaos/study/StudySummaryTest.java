package dev.starling.chaos.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudySummaryTest {
    private final PeerClasses room = StudyFixtures.ROOM;

    private List<RunDigest> runs() {
        List<RunDigest> runs = new ArrayList<>();
        for (int r = 1; r <= 3; r++) {
            runs.add(RunDigest.of(r, StudyArm.MESH, StudyFixtures.report(900 + 50 * r, List.of(), List.of()), room));
            // The seed policy picks a phone in the third run.
            List<Integer> seedMixers = r == 3 ? List.of(1, 3) : List.of(1, 2);
            runs.add(RunDigest.of(r, StudyArm.SEED, StudyFixtures.report(200 + 10 * r, seedMixers, List.of()), room));
            runs.add(RunDigest.of(
                    r, StudyArm.WORST, StudyFixtures.report(250 + 10 * r, List.of(5, 6), List.of()), room));
        }
        return runs;
    }

    @Test
    void mediansRangesPicksAndComparisonsOfTheWeakestClass() {
        StudySummary summary = new StudySummary(room, 2, runs());

        assertThat(summary.arms()).containsExactly(StudyArm.MESH, StudyArm.SEED, StudyArm.WORST);
        StudySummary.Spread mesh = summary.spread(StudyArm.MESH, "phone-3g", Figure.AUDIO_P50);
        assertThat(mesh.median()).isEqualTo(1000);
        assertThat(mesh.range()).isEqualTo(100);
        assertThat(mesh.runs()).isEqualTo(3);
        assertThat(summary.picks()).containsExactly(new StudySummary.Picks(StudyArm.SEED, 2, 3));

        StudySummary.Comparison vsMesh = summary.comparisons().get(0);
        assertThat(vsMesh.baseline()).isEqualTo(StudyArm.MESH);
        assertThat(vsMesh.figure()).isEqualTo(Figure.AUDIO_P50);
        assertThat(vsMesh.margin()).isEqualTo(1000 - 220);
        assertThat(vsMesh.spread()).isEqualTo(100);
        assertThat(vsMesh.holds()).isTrue();
        // 220 against 270 with ranges of 20 each: better by 50, beyond the spread.
        StudySummary.Comparison vsWorst = summary.comparisons().stream()
                .filter(c -> c.baseline() == StudyArm.WORST && c.figure() == Figure.AUDIO_P50)
                .findFirst()
                .orElseThrow();
        assertThat(vsWorst.margin()).isEqualTo(50);
        assertThat(vsWorst.spread()).isEqualTo(20);
        assertThat(vsWorst.holds()).isTrue();
        // Frame rates are equal in every arm: no margin, nothing holds.
        assertThat(summary.comparisons().stream().filter(c -> c.figure() == Figure.FPS))
                .allMatch(c -> !c.holds());
    }

    @Test
    void theFilesCarryEveryRunAndTheSummary(@TempDir Path dir) throws Exception {
        List<RunDigest> runs = runs();
        StudySummary summary = new StudySummary(room, 2, runs);

        List<Path> written =
                new StudyFiles().write(dir, "starling study election", runs, List.of("04-r2-mesh"), summary);

        assertThat(written)
                .extracting(p -> p.getFileName().toString())
                .contains("study.json", "runs.csv", "summary.csv", "report.html", "audio_p50_ms.png");
        List<String> runRows = Files.readAllLines(dir.resolve("runs.csv"));
        assertThat(runRows.get(0)).startsWith("repeat,arm,mixers,class,audio_p50_ms");
        assertThat(runRows).hasSize(1 + runs.size() * 2).contains(runRows.get(0));
        assertThat(runRows.get(3)).startsWith("1,seed,peer1 peer2,desktop-fibre,40.00");
        assertThat(Files.readString(dir.resolve("summary.csv")))
                .contains("mesh,phone-3g,audio_p50_ms,1000.00,950.00,1050.00,3");
        String json = Files.readString(dir.resolve("study.json"));
        assertThat(json).contains("\"failed_runs\" : [ \"04-r2-mesh\" ]", "\"strong_peers_elected\"");
        assertThat(Files.readString(dir.resolve("report.html")))
                .contains("seed: the strong peers (desktop-fibre) elected in 2 of 3 runs", "<img");
    }
}
