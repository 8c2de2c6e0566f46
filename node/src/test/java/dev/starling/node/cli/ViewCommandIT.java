package dev.starling.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.starling.node.view.ChromiumPng;
import dev.starling.node.view.FakeRemoteNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewCommandIT {
    @TempDir
    Path dir;

    private final ViewCli cli = new ViewCli();

    @Test
    void rendersPngWithHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(ChromiumPng.DEFAULT_BINARY), "no /usr/bin/chromium");
        try (FakeRemoteNode remote = new FakeRemoteNode()) {
            Path png = dir.resolve("room.png");
            assertThat(cli.run(
                            ChromiumPng.DEFAULT_BINARY, "view", "--node", remote.url(), "--snapshot", png.toString()))
                    .as(cli.errors())
                    .isEqualTo(ExitCodes.OK);
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes[1]).isEqualTo((byte) 'P');
            // IHDR holds the size: the SVG's own 320 x 200.
            java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(bytes, 16, 8);
            assertThat(header.getInt()).isEqualTo(320);
            assertThat(header.getInt()).isEqualTo(200);
        }
    }
}
