package io.logdump.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordsAndCredentialsTest {
    private final Passwords passwords = new Passwords();

    @Test
    void anArgon2idHashVerifiesOnlyItsPasswordAndUsesOwaspParameters() {
        String hash = passwords.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
        assertThat(passwords.hash("correct horse battery")).as("salted").isNotEqualTo(hash);
        assertThat(passwords.verify("correct horse battery", hash)).isTrue();
        assertThat(passwords.verify("correct horse batterY", hash)).isFalse();
    }

    @Test
    void aMalformedOrOverlyCostlyStoredHashIsFalseNotAnError() {
        for (String bad : new String[] {"", "$argon2id$", "$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA", "$argon2id$v=19$m=x,t=2,p=1$AAAA$AAAA",
                "$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAA", "$argon2id$v=19$m=19456,t=2,p=1$!!!$AAAA", "plain text"}) {
            assertThat(passwords.verify("whatever password", bad)).as(bad).isFalse();
        }
    }

    @Test
    void passwordRules() {
        assertThat(Passwords.check("password", "eleven-char")).hasSize(1);
        assertThat(Passwords.check("password", "twelve-chars")).isEmpty();
        assertThat(Passwords.check("password", "x".repeat(257))).hasSize(1);
        assertThat(Passwords.check("password", null)).hasSize(1);
    }

    @Test
    void credentialsAreReadFromTheHeaderBeforeTheCookieAndNeverThrow() {
        assertThat(Credentials.of(null, null)).isInstanceOf(Credentials.None.class);
        assertThat(Credentials.of(null, "abc")).isEqualTo(new Credentials.SessionCookie("abc"));
        assertThat(Credentials.of("Bearer ldt_x", "abc")).isEqualTo(new Credentials.Bearer("ldt_x"));
        assertThat(Credentials.of("bearer   ldt_x  ", null)).isEqualTo(new Credentials.Bearer("ldt_x"));
        assertThat(Credentials.of(basic("ann:pass:word"), null)).isEqualTo(new Credentials.Basic("ann", "pass:word"));
        assertThat(Credentials.of(basic("fluent-bit:ldt_secret"), null)).as("a token as the Basic password")
                .isEqualTo(new Credentials.Bearer("ldt_secret"));
        for (String bad : new String[] {"", "Bearer", "Bearer ", "Basic", "Basic !!!", basic("no-colon"), "Digest x", "Basic " + "A".repeat(5000)}) {
            assertThat(Credentials.of(bad, null)).as(bad.length() > 40 ? bad.substring(0, 40) : bad).isInstanceOf(Credentials.Malformed.class);
        }
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }
}
