package dev.starling.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.view.ChromiumPng;
import dev.starling.node.view.FakeRemoteNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewCommandTest {
    @TempDir
    Path dir;

    private final ViewCli cli = new ViewCli();

    private int run(String... args) {
        return run(ChromiumPng.DEFAULT_BINARY, args);
    }

    private int run(Path chromium, String... args) {
        return cli.run(chromium, args);
    }

    @Test
    void badArgumentsAreUsageErrorsThatSayWhy() {
        assertThat(run("view")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errors()).contains("--node");

        assertThat(run("view", "--node", "127.0.0.1:8700")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errors()).contains("expected http://host:port");
        assertThat(run("view", "--node", "ftp://127.0.0.1:8700")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errors()).contains("expected http://host:port");
        assertThat(run("view", "--node", "http://127.0.0.1:8700/api/room")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errors()).contains("without a path");
        assertThat(run("view", "--node", "http://:8700")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errors()).contains("host");
        assertThat(run("view", "--node", "http://bad host:1")).isEqualTo(ExitCodes.USAGE);

        assertThat(run("view", "--node", "http://127.0.0.1:8700", "--bind", "nonsense"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errors()).contains("expected host:port");

        assertThat(run(
                        "view",
                        "--node",
                        "http://127.0.0.1:8700",
                        "--snapshot",
                        dir.resolve("out.gif").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errors()).contains("--snapshot", ".svg, .dot, .json, .png");
        assertThat(run(
                        "view",
                        "--node",
                        "http://127.0.0.1:8700",
                        "--snapshot",
                        dir.resolve("noextension").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(Files.exists(dir.resolve("out.gif"))).isFalse();
    }

    @Test
    void writesSvgDotAndJsonAsTheNodeServesThem() throws Exception {
        try (FakeRemoteNode remote = new FakeRemoteNode()) {
            Path svg = dir.resolve("room.svg");
            assertThat(run("view", "--node", remote.url(), "--snapshot", svg.toString()))
                    .isEqualTo(ExitCodes.OK);
            assertThat(Files.readString(svg)).isEqualTo(FakeRemoteNode.SVG);
            assertThat(cli.out()).contains("wrote " + svg);

            Path dot = dir.resolve("room.DOT");
            assertThat(run("view", "--node", remote.url() + "/", "--snapshot", dot.toString()))
                    .isEqualTo(ExitCodes.OK);
            assertThat(Files.readString(dot)).isEqualTo(FakeRemoteNode.DOT);

            Path json = dir.resolve("room.json");
            assertThat(run("view", "--node", remote.url(), "--snapshot", json.toString()))
                    .isEqualTo(ExitCodes.OK);
            assertThat(Files.readString(json)).isEqualTo(FakeRemoteNode.JSON);
            assertThat(remote.queries).containsExactly("format=svg", "format=dot", "format=json");
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("no partial files left behind")
                        .containsExactlyInAnyOrder("room.svg", "room.DOT", "room.json");
            }
        }
    }

    @Test
    void runtimeFailuresExitWithOneAndWriteNothing() throws Exception {
        String dead;
        try (FakeRemoteNode remote = new FakeRemoteNode()) {
            dead = remote.url();
            remote.topologyStatus = 500;
            assertThat(run(
                            "view",
                            "--node",
                            remote.url(),
                            "--snapshot",
                            dir.resolve("a.svg").toString()))
                    .isEqualTo(ExitCodes.FAILURE);
            assertThat(cli.errors()).contains("HTTP 500", "unknown format");

            assertThat(run(
                            "view",
                            "--node",
                            remote.url(),
                            "--snapshot",
                            dir.resolve("missing/a.svg").toString()))
                    .isEqualTo(ExitCodes.FAILURE);
            assertThat(cli.errors()).contains("no such directory");

            remote.topologyStatus = 200;
            assertThat(run(
                            dir.resolve("no-chromium"),
                            "view",
                            "--node",
                            remote.url(),
                            "--snapshot",
                            dir.resolve("a.png").toString()))
                    .isEqualTo(ExitCodes.FAILURE);
            assertThat(cli.errors()).contains("needs headless Chromium", "apt-get install -y chromium");
            assertThat(remote.queries)
                    .as("nothing fetched for a PNG that cannot be drawn")
                    .hasSize(1);
        }
        assertThat(run(
                        "view",
                        "--node",
                        dead,
                        "--snapshot",
                        dir.resolve("b.svg").toString()))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.errors()).contains("cannot reach node at " + dead, "connection refused");
        // Serving a view of a node that is not there fails at once instead of serving a dead page.
        assertThat(run("view", "--node", dead, "--bind", "127.0.0.1:0")).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.errors()).contains("cannot reach node at " + dead);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
