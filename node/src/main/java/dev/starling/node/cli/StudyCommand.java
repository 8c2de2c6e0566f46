package dev.starling.node.cli;

import picocli.CommandLine.Command;

/** {@code starling study ...}: studies that run many labs and compare them. */
@Command(
        name = "study",
        description = "Studies that run many labs and compare them.",
        subcommands = {StudyElectionCommand.class})
final class StudyCommand {}
