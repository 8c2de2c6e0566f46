/**
 * The {@code pumba} backend: a scenario as a Docker Compose project plus timed {@code pumba}
 * command lines and the script that runs them, and whether docker and pumba can run here.
 */
package dev.starling.chaos.pumba;
