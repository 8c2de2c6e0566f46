/**
 * Pure, seeded netem-style impairment models (delay and jitter, loss chains, duplication,
 * corruption, reordering, rate) and the per-link pipeline that applies them in netem's order, plus
 * the fault schedule: which of a scenario's faults hit a directed link at a given moment.
 */
package dev.starling.chaos.impairment;
