/**
 * The election study: the same room of unequal peers (lab profiles) under several ways of choosing
 * its mixers, repeated and interleaved, and what each way does to every class of peer.
 *
 * <p>Pure logic only: the schedule ({@link dev.starling.chaos.study.StudySchedule}), which nodes
 * stand as mixers ({@link dev.starling.chaos.study.MixerChoice}), what one lab report says per peer
 * class ({@link dev.starling.chaos.study.RunDigest}), the arms side by side
 * ({@link dev.starling.chaos.study.StudySummary}) and the files a reader opens
 * ({@link dev.starling.chaos.study.StudyFiles}). The command runs the labs.
 */
package dev.starling.chaos.study;
