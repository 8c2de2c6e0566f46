package dev.starling.node.cli;

import dev.starling.node.room.HostPort;
import dev.starling.node.room.Rendezvous;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "rendezvous",
        description =
                "Run a rendezvous (JGroups GossipRouter) that relays room traffic for peers that cannot reach each other.")
final class RendezvousCommand implements Callable<Integer> {
    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1:12001",
            converter = HostPortConverter.class,
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    HostPort bind;

    @Override
    public Integer call() throws Exception {
        Rendezvous router = new Rendezvous(bind).start();
        System.out.println("rendezvous listening on " + bind);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            router.stop();
                            stopped.countDown();
                        },
                        "rendezvous-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
