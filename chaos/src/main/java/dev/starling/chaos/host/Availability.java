package dev.starling.chaos.host;

/** Whether a backend can run here, and in either case a sentence saying why. */
public record Availability(boolean available, String reason) {
    public static Availability yes(String reason) {
        return new Availability(true, reason);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
