/**
 * Scenarios and suites: the model of a Pumba-style network scenario, its YAML format (read with
 * errors that name file, line, column and field), suites expanded from one file into scenarios,
 * and the built-in latency suite.
 */
package dev.starling.chaos.scenario;
