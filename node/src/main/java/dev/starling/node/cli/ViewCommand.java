package dev.starling.node.cli;

import dev.starling.node.api.ApiToken;
import dev.starling.node.room.HostPort;
import dev.starling.node.view.ChromiumPng;
import dev.starling.node.view.NodeUrl;
import dev.starling.node.view.RemoteNode;
import dev.starling.node.view.RemoteNodeException;
import dev.starling.node.view.SnapshotFormat;
import dev.starling.node.view.SnapshotWriter;
import dev.starling.node.view.ViewProxy;
import dev.starling.visualizer.web.WebAssets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "view",
        description = {
            "Serve the live topology view of a remote node on this machine, or write a snapshot of it and exit.",
            "The snapshot format follows the file's extension: .svg, .png (needs /usr/bin/chromium), .dot or .json."
        })
final class ViewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--node",
            required = true,
            paramLabel = "URL",
            converter = NodeUrlConverter.class,
            description = "The node's HTTP API address, e.g. http://127.0.0.2:8700.")
    NodeUrl node;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1:8790",
            paramLabel = "HOST:PORT",
            converter = HostPortConverter.class,
            description = "Where to serve the view (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    HostPort bind;

    @Option(
            names = "--snapshot",
            paramLabel = "FILE",
            description = "Write the topology to FILE and exit instead of serving the view.")
    Path snapshot;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "The node's API token (its data directory's api-token), needed to post chat through the view"
                    + " and for any call to a node whose API listens beyond loopback.")
    Path tokenFile;

    /** Where .png snapshots find the browser; a field so tests can point it at a missing binary. */
    Path chromium = ChromiumPng.DEFAULT_BINARY;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String token;
        try {
            token = tokenFile == null ? null : ApiToken.readFile(tokenFile);
        } catch (java.io.IOException e) {
            err.println("error: cannot read --token-file " + tokenFile + ": " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        RemoteNode remote = new RemoteNode(node, RemoteNode.defaultClient(), token);
        if (snapshot != null) {
            return writeSnapshot(remote, out, err);
        }
        try {
            remote.checkReachable();
        } catch (RemoteNodeException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        ViewProxy proxy;
        try {
            proxy = new ViewProxy(remote, new WebAssets(), bind).start();
        } catch (RuntimeException e) {
            // Javalin wraps the bind failure; its message says which address was taken.
            err.println("error: cannot serve on " + bind + ": " + rootMessage(e));
            err.flush();
            return ExitCodes.FAILURE;
        }
        out.println("view of " + node + " at http://" + new HostPort(bind.host(), proxy.port()) + "/");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            proxy.close();
                            stopped.countDown();
                        },
                        "view-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }

    private int writeSnapshot(RemoteNode remote, PrintWriter out, PrintWriter err) {
        SnapshotFormat format;
        try {
            format = SnapshotFormat.of(snapshot);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--snapshot: " + e.getMessage());
        }
        try {
            long bytes = new SnapshotWriter(remote, new ChromiumPng(chromium)).write(snapshot, format);
            out.println("wrote " + snapshot + " (" + format.name().toLowerCase(java.util.Locale.ROOT) + ", " + bytes
                    + " bytes) from " + node);
            out.flush();
            return ExitCodes.OK;
        } catch (RemoteNodeException | IOException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static final class NodeUrlConverter implements CommandLine.ITypeConverter<NodeUrl> {
        @Override
        public NodeUrl convert(String value) {
            try {
                return NodeUrl.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
