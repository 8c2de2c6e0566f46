package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.host.ProcessCommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real selftest: namespaces, TAPs, probe JVMs and real UDP. Root and /dev/net/tun only. */
class SelfTestIT {
    @Test
    @Timeout(value = 90) // the selftest bounds itself; this only guards the build
    void selftestPassesAndCleansUp() {
        FabricCleanupIT.assumeRootWithTun();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int code = SelfTest.run(out);
        String table = buf.toString(StandardCharsets.UTF_8);
        System.out.println(table); // kept in target/surefire-reports/*-output.txt
        assertThat(code).as(table).isZero();
        String left = new ProcessCommandRunner()
                .run(List.of("ip", "netns", "list"), Duration.ofSeconds(5))
                .output();
        assertThat(left)
                .doesNotContain(
                        FabricConfig.NAMESPACE_PREFIX + ProcessHandle.current().pid() + "x");
    }
}
