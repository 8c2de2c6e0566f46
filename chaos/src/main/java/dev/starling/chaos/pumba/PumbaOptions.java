package dev.starling.chaos.pumba;

/**
 * Knobs of the generated project. The subnet is fixed per project so link targets can be plain
 * IPs: Pumba releases before container-name targets only accept IP/CIDR for {@code --target}.
 */
public record PumbaOptions(
        String tcImage, String networkInterface, String subnetPrefix, String nodeImage, String javaBaseImage) {
    public static PumbaOptions defaults() {
        return new PumbaOptions(
                "ghcr.io/alexei-led/pumba-alpine-nettools:latest",
                "eth0",
                "172.28.0",
                "starling-node:local",
                "eclipse-temurin:17-jre");
    }
}
