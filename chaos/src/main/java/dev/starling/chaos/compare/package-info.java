/**
 * Comparing a Starling room with the reference peer, a Chromium full mesh on the same machine:
 * running the vendored browser harness, and reducing both reports to the same figures and their
 * ratios.
 */
package dev.starling.chaos.compare;
