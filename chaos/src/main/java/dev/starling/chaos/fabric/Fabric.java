package dev.starling.chaos.fabric;

import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.impairment.ImpairmentFactory;
import dev.starling.chaos.impairment.LinkImpairment;
import dev.starling.chaos.network.ImpairedNetwork;
import dev.starling.chaos.scenario.FaultAction;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A userspace Ethernet switch joining one network namespace per node. Each node's namespace holds
 * an {@code eth0} that is really a TAP device whose other end is a file descriptor of this process;
 * every frame a node sends is read here, switched by {@link SwitchCore} (where impairments and
 * partitions apply) and written to the destination's TAP by that port's writer thread when its
 * delivery time comes.
 *
 * <p>Threads: one reader and one writer per port, all stopping within ~100 ms of {@link #close()}.
 * Cleanup: {@link #close()} and a shutdown hook both tear down every namespace and TAP this
 * instance created, also after a failed start; {@link #cleanupStale(CommandRunner)} removes what a
 * killed run left behind.
 */
public final class Fabric implements ImpairedNetwork {
    private static final int POLL_MILLIS = 100;
    private static final long JOIN_MILLIS = 2_000;

    private final FabricConfig config;
    private final Namespaces namespaces;
    private final Map<String, Integer> portOf = new HashMap<>();
    private final List<String> createdNamespaces = Collections.synchronizedList(new ArrayList<>());
    private final List<TapDevice> taps = Collections.synchronizedList(new ArrayList<>());
    private final List<DeliveryQueue<byte[]>> queues = new ArrayList<>();
    private final List<PortCounters> counters = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final LinkPolicy policy;
    private final SwitchCore core;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private volatile boolean running = true;

    private Fabric(FabricConfig config, CommandRunner runner) {
        this.config = config;
        this.namespaces = new Namespaces(runner);
        List<String> nodes = config.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            portOf.put(nodes.get(i), i);
            queues.add(new DeliveryQueue<>(config.queueCapacity(), System::nanoTime));
            counters.add(new PortCounters());
        }
        this.policy = new LinkPolicy(nodes, new ImpairmentFactory(config.seed()));
        MacTable macs = new MacTable(config.macCapacity(), config.macAging().toNanos());
        this.core = new SwitchCore(
                macs, policy, counters, (port, at, frame) -> queues.get(port).offer(at, frame));
        this.shutdownHook = new Thread(this::close, "fabric-" + config.runId() + "-cleanup");
    }

    /**
     * Creates the namespaces and TAPs and starts switching. On any failure everything created so
     * far is removed before the exception propagates.
     */
    public static Fabric start(FabricConfig config, CommandRunner runner) throws IOException {
        Fabric f = new Fabric(config, runner);
        Runtime.getRuntime().addShutdownHook(f.shutdownHook); // before the first namespace exists
        try {
            f.build();
            return f;
        } catch (IOException | RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

    private void build() throws IOException {
        LibC libc;
        try {
            libc = TapDevice.loadLibC();
        } catch (UnsatisfiedLinkError e) {
            throw new IOException("cannot load libc through JNA: " + e.getMessage(), e);
        }
        List<String> nodes = config.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            String ns = config.namespace(nodes.get(i));
            namespaces.create(ns);
            createdNamespaces.add(ns);
            TapDevice tap = TapDevice.open(libc, config.tapName(i));
            taps.add(tap);
            namespaces.attach(tap.name(), ns, config.address(i) + "/24");
        }
        for (int i = 0; i < nodes.size(); i++) {
            threads.add(daemon("fabric-" + nodes.get(i) + "-rx", readLoop(i)));
            threads.add(daemon("fabric-" + nodes.get(i) + "-tx", writeLoop(i)));
        }
        threads.forEach(Thread::start);
    }

    private Runnable readLoop(int port) {
        TapDevice tap = taps.get(port);
        return () -> {
            while (running) {
                try {
                    byte[] frame = tap.read(POLL_MILLIS);
                    if (frame != null && running) core.forward(port, frame, System.nanoTime());
                } catch (IOException e) {
                    if (running) errors.add(e.getMessage()); // the device is gone; this port is dead
                    return;
                } catch (RuntimeException e) {
                    errors.add("port " + port + ": " + e); // one bad frame must not stop the port
                }
            }
        };
    }

    private Runnable writeLoop(int port) {
        TapDevice tap = taps.get(port);
        DeliveryQueue<byte[]> queue = queues.get(port);
        PortCounters c = counters.get(port);
        return () -> {
            while (running) {
                byte[] frame = queue.takeDue(POLL_MILLIS * 1_000_000L);
                if (frame == null || !running) continue;
                try {
                    tap.write(frame);
                    c.written.increment();
                } catch (IOException e) {
                    c.writeErrors.increment();
                }
            }
        };
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true); // never keep a JVM alive; close() or the hook still cleans up
        return t;
    }

    public FabricConfig config() {
        return config;
    }

    public String namespace(String node) {
        return config.namespace(node);
    }

    public String address(String node) {
        return config.address(port(node));
    }

    /** Installs netem-style faults on the directed link (replacing what it had); empty = clean. */
    public void setImpairment(String from, String to, List<FaultAction.Netem> spec) {
        policy.set(port(from), port(to), spec);
    }

    /** Installs a ready-made pipeline on the directed link. */
    public void setImpairment(String from, String to, LinkImpairment impairment) {
        policy.set(port(from), port(to), impairment);
    }

    public void clearImpairments() {
        for (String a : config.nodes())
            for (String b : config.nodes()) if (!a.equals(b)) setImpairment(a, b, List.of());
    }

    /** Nodes in different groups cannot reach each other; nodes in no group reach everyone. */
    public void partition(List<List<String>> groups) {
        int[] g = new int[config.nodes().size()];
        Arrays.fill(g, -1);
        for (int i = 0; i < groups.size(); i++) for (String n : groups.get(i)) g[port(n)] = i;
        policy.partition(g);
    }

    public void heal() {
        policy.heal();
    }

    /**
     * Makes every link carry what the scenario's schedule says at {@code at}. Links whose fault list
     * did not change keep their model state, so call this at each change point (or more often).
     */
    @Override
    public void apply(FaultSchedule schedule, Duration at, Set<String> leaders) {
        policy.apply(schedule, at, leaders);
    }

    @Override
    public void clear() {
        clearImpairments();
        heal();
    }

    public PortCounters.Snapshot counters(String node) {
        return counters.get(port(node)).snapshot();
    }

    /** Problems the I/O threads or cleanup met; empty in a healthy run. */
    @Override
    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    private int port(String node) {
        Integer p = portOf.get(node);
        if (p == null) throw new IllegalArgumentException("no node " + node + " in " + config.nodes());
        return p;
    }

    /**
     * Stops every thread, closes every TAP (which deletes it) and deletes every namespace,
     * killing what runs inside. Idempotent, never throws; safe from the shutdown hook.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        running = false;
        queues.forEach(DeliveryQueue::wakeUp);
        for (Thread t : threads) {
            if (t == Thread.currentThread()) continue;
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break; // still close the devices below: a stuck thread only gets errors from then on
            }
        }
        queues.forEach(DeliveryQueue::clear);
        synchronized (taps) {
            taps.forEach(TapDevice::close);
        }
        synchronized (createdNamespaces) {
            for (String ns : createdNamespaces) {
                String problem = namespaces.delete(ns);
                if (problem != null) errors.add(problem);
            }
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down; the hook will find us closed
            }
        }
    }

    /**
     * Deletes {@code stl-fab-*} namespaces whose creating process is gone (a run that was killed
     * before its hook could run). Namespaces of live processes, maybe a concurrent run, are kept.
     * @return the namespaces removed
     */
    public static List<String> cleanupStale(CommandRunner runner) {
        Namespaces ns = new Namespaces(runner);
        List<String> removed = new ArrayList<>();
        for (String name : ns.list(FabricConfig.NAMESPACE_PREFIX)) {
            long owner = FabricConfig.ownerPid(name);
            boolean alive = owner > 0
                    && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
            if (!alive && ns.delete(name) == null) removed.add(name);
        }
        return removed;
    }
}
