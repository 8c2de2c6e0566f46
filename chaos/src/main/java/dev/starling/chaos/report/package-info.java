/**
 * The results of scenario runs and their reports: one {@link dev.starling.chaos.report.ScenarioResult}
 * per scenario, written as {@code <scenario>.json} and {@code .csv} and a suite's {@code summary.csv},
 * read back to merge several runs, and drawn as a self-contained {@code report.html} with PNG charts.
 */
package dev.starling.chaos.report;
