package dev.starling.chaos.netem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.host.Availability;
import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetemProbeTest {
    @TempDir
    Path sys;

    @Test
    void aLoadedModuleIsEnough() throws Exception {
        Files.createDirectories(sys.resolve("sch_netem"));
        List<List<String>> calls = new ArrayList<>();
        Availability a = new NetemProbe(
                        (argv, t) -> {
                            calls.add(argv);
                            return new CommandResult(1, "");
                        },
                        sys)
                .check();
        assertThat(a.available()).isTrue();
        assertThat(calls).isEmpty();
    }

    @Test
    void tcRefusingNetemMeansNoAndTheNamespaceIsAlwaysDeleted() {
        List<List<String>> calls = new ArrayList<>();
        CommandRunner fake = (argv, t) -> {
            calls.add(argv);
            return argv.contains("tc")
                    ? new CommandResult(2, "Error: Specified qdisc kind is unknown.\n")
                    : new CommandResult(0, "");
        };
        Availability a = new NetemProbe(fake, sys).check();
        assertThat(a)
                .isEqualTo(
                        Availability.no(
                                "this kernel has no sch_netem: tc refused a netem qdisc (Error: Specified qdisc kind is unknown.)"));
        String ns = calls.get(0).get(3);
        assertThat(ns).startsWith("starling-netem-probe-");
        assertThat(calls.get(1))
                .containsSubsequence("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem");
        assertThat(calls.get(2)).containsExactly("ip", "netns", "del", ns);
    }

    @Test
    void withoutRootTheProbeSaysItCannotTell() {
        Availability a = new NetemProbe(
                        (argv, t) ->
                                new CommandResult(1, "mount --make-shared /run/netns failed: Operation not permitted"),
                        sys)
                .check();
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).startsWith("cannot probe sch_netem").contains("Operation not permitted");
    }
}
