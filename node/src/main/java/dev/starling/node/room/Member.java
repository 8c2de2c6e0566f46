package dev.starling.node.room;

/**
 * A room member as this node knows it.
 *
 * @param joinedAtMillis when the member joined, by its own hello if we have it, else when we first saw it
 * @param name display name from the member's hello; empty until the hello arrives
 */
public record Member(String id, String name, long joinedAtMillis, String role, String apiAddress) {
    public Member withHello(String name, long joinedAtMillis, String role, String apiAddress) {
        return new Member(id, name, joinedAtMillis, role, apiAddress);
    }
}
