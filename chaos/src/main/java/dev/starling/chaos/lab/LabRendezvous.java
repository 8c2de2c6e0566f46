package dev.starling.chaos.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code starling rendezvous} on the lab's "internet", for nodes behind NATs that cannot reach
 * each other's room ports: their room traffic goes through it.
 */
final class LabRendezvous implements AutoCloseable {
    static final int PORT = 12001;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String address;
    private final Process process;

    private LabRendezvous(String address, Process process) {
        this.address = address;
        this.process = process;
    }

    /** Starts it in the namespace that {@code execIn} enters, on {@code address}; returns once it accepts. */
    static LabRendezvous start(List<String> execIn, String address, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(execIn);
        command.addAll(LabNode.starlingCommand("rendezvous"));
        command.addAll(List.of("--bind", address + ":" + PORT));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LabRendezvous rendezvous = new LabRendezvous(address, process);
        if (!LabNode.startedWithin(process, START_TIMEOUT, rendezvous::accepts)) {
            rendezvous.close();
            throw new IllegalStateException("the rendezvous did not start; see " + log);
        }
        return rendezvous;
    }

    /** host:port, as {@code starling invite --rendezvous} takes it. */
    String hostPort() {
        return address + ":" + PORT;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        LabNode.stop(process, Duration.ofSeconds(10));
    }
}
