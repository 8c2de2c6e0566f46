package dev.starling.chaos.fabric;

import dev.starling.chaos.host.ProcessCommandRunner;
import java.util.List;

/** A child JVM for the signal tests: starts a fabric, says its namespaces, idles at most 30 s. */
public final class FabricHolder {
    private FabricHolder() {}

    public static void main(String[] args) throws Exception {
        FabricConfig config = FabricConfig.defaults(List.of("p", "q"), 1);
        Fabric f = Fabric.start(config, new ProcessCommandRunner());
        System.out.println("up " + config.namespace("p") + " " + config.namespace("q"));
        System.out.flush();
        Thread.sleep(30_000);
        f.close();
    }
}
