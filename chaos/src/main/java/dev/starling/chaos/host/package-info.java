/**
 * Running host commands ({@code ip}, {@code tc}, {@code kill}, {@code docker}) with timeouts and no
 * shell, and what this host allows: root, and whether a tool or backend can run here and why not.
 */
package dev.starling.chaos.host;
