package dev.starling.chaos.network;

import dev.starling.chaos.impairment.FaultSchedule;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Where a scenario's packet faults and partitions take effect: the userspace fabric, or
 * {@code tc netem} qdiscs in each node's namespace. The runner calls {@link #apply} at every
 * change point of the timeline; process faults (pause, kill, stop) do not go through here.
 */
public interface ImpairedNetwork extends AutoCloseable {

    /**
     * Makes every directed link and partition what the schedule says at {@code at}. Links whose
     * faults did not change keep their state (a loss chain's burst, a rate limiter's queue).
     */
    void apply(FaultSchedule schedule, Duration at, Set<String> leaders);

    /** Every link clean and every partition healed. */
    void clear();

    /** Problems met while applying or cleaning up; empty in a healthy run. */
    List<String> errors();

    /** Removes everything this network installed. Idempotent; never throws. */
    @Override
    void close();
}
