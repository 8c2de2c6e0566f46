package dev.starling.node.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a room password can stand up to offline guessing. Anyone who records a join (or any
 * sealed frame) can test guesses at their own pace, slowed only by PBKDF2, so a password must be
 * strong on its own. The estimate is deliberately simple: the brute-force space of the character
 * classes used, discounted for repeats, sequences and well-known passwords.
 */
public final class PasswordStrength {
    /** Below this, a determined attacker with a GPU gets through 600 000 PBKDF2 rounds in days. */
    public static final double MINIMUM_BITS = 60;

    private static final Set<String> COMMON = Set.of(
            "password",
            "passw0rd",
            "123456",
            "12345678",
            "123456789",
            "qwerty",
            "letmein",
            "welcome",
            "admin",
            "iloveyou",
            "monkey",
            "dragon",
            "sunshine",
            "secret",
            "changeme",
            "starling",
            "trustno1",
            "football",
            "abc123",
            "111111");

    private PasswordStrength() {}

    /** Estimated bits of entropy. */
    public static double bits(char[] password) {
        if (password.length == 0) {
            return 0;
        }
        String lower = new String(password).toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || COMMON.contains(lower.replaceAll("[^a-z0-9]", ""))) {
            return 10;
        }
        int alphabet = 0;
        if (has(password, Character::isLowerCase)) alphabet += 26;
        if (has(password, Character::isUpperCase)) alphabet += 26;
        if (has(password, Character::isDigit)) alphabet += 10;
        if (has(password, c -> !Character.isLetterOrDigit(c))) alphabet += 33;
        double perChar = Math.log(Math.max(alphabet, 2)) / Math.log(2);
        int effective = 1;
        for (int i = 1; i < password.length; i++) {
            char c = password[i];
            char p = password[i - 1];
            boolean repeat = c == p;
            boolean sequence = Math.abs(c - p) == 1;
            if (!repeat && !sequence) {
                effective++;
            }
        }
        return effective * perChar;
    }

    /** Why the password is weak, or empty when it is strong enough. */
    public static Optional<String> weakness(char[] password) {
        double bits = bits(password);
        if (bits >= MINIMUM_BITS) {
            return Optional.empty();
        }
        List<String> why = new ArrayList<>();
        why.add(password.length + " characters");
        if (bits <= 10) {
            why.add("a well-known password");
        } else {
            List<String> classes = new ArrayList<>();
            if (has(password, Character::isLowerCase)) classes.add("lowercase");
            if (has(password, Character::isUpperCase)) classes.add("uppercase");
            if (has(password, Character::isDigit)) classes.add("digits");
            if (has(password, c -> !Character.isLetterOrDigit(c))) classes.add("symbols");
            why.add("only " + String.join(", ", classes));
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "weak room password (%s; about %.0f bits, %.0f wanted): anyone who records the room's traffic can"
                        + " guess it offline. Use five or more random words, or 12+ random characters of mixed kinds.",
                String.join(", ", why),
                bits,
                MINIMUM_BITS));
    }

    private static boolean has(char[] password, java.util.function.IntPredicate kind) {
        for (char c : password) {
            if (kind.test(c)) {
                return true;
            }
        }
        return false;
    }
}
