package dev.starling.chaos.host;

import java.time.Duration;
import java.util.List;

/** Runs a host command; an interface so probes can be tested without the host's tools. */
public interface CommandRunner {
    CommandResult run(List<String> argv, Duration timeout);
}
