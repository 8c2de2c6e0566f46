package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordStrengthTest {
    @Test
    void weakPasswordsAreNamedWithTheReason() {
        assertThat(PasswordStrength.weakness("password".toCharArray()))
                .hasValueSatisfying(why -> assertThat(why).contains("well-known", "offline"));
        assertThat(PasswordStrength.weakness("hunter".toCharArray()))
                .hasValueSatisfying(why -> assertThat(why).contains("6 characters", "only lowercase"));
        assertThat(PasswordStrength.weakness("aaaaaaaaaaaaaaaaaaaa".toCharArray()))
                .as("repeats add nothing")
                .isPresent();
        assertThat(PasswordStrength.weakness("abcdefghijklmnopqrst".toCharArray()))
                .as("neither do runs")
                .isPresent();
    }

    @Test
    void longRandomOrManyWordPasswordsPass() {
        assertThat(PasswordStrength.weakness("correct horse battery staple".toCharArray()))
                .isEmpty();
        assertThat(PasswordStrength.weakness("k7#Qv9!mZ2pL".toCharArray())).isEmpty();
        assertThat(PasswordStrength.bits(new char[0])).isZero();
    }
}
