package io.junction.security;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestPasswordFileAuthenticator
{
    static String bcrypt(String password)
    {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 8);
    }

    static String argon2(String password)
    {
        byte[] salt = "saltsaltsalt".getBytes(StandardCharsets.UTF_8);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(1024).withIterations(2).withParallelism(1).withSalt(salt).build());
        byte[] hash = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=1024,t=2,p=1$" + encoder.encodeToString(salt) + "$" + encoder.encodeToString(hash);
    }

    @Test
    void acceptsBcryptAndArgon2UsersAndRefusesWrongPasswordsAndUnknownUsers()
            throws Exception
    {
        Path file = Files.createTempFile("password", ".db");
        Files.writeString(file, "# users\nalice:" + bcrypt("alice-pw") + "\n\nbob:" + argon2("bob-pw") + "\n");
        PasswordFileAuthenticator authenticator = new PasswordFileAuthenticator(file);

        AuthenticatedUser alice = authenticator.authenticate("alice", "alice-pw");
        assertThat(alice.name()).isEqualTo("alice");
        assertThat(alice.method()).isEqualTo(AuthenticationMethod.PASSWORD_FILE);
        assertThat(authenticator.authenticate("bob", "bob-pw").name()).isEqualTo("bob");

        assertThatThrownBy(() -> authenticator.authenticate("alice", "bob-pw")).isInstanceOf(AuthenticationException.class).hasMessage("invalid user name or password");
        assertThatThrownBy(() -> authenticator.authenticate("bob", "alice-pw")).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> authenticator.authenticate("carol", "alice-pw")).isInstanceOf(AuthenticationException.class).hasMessage("invalid user name or password");
        assertThatThrownBy(() -> authenticator.authenticate("alice", "")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void refusesPlainTextWeakAndMalformedHashesNamingTheLineButNotTheHash()
            throws Exception
    {
        Path file = Files.createTempFile("password", ".db");
        Files.writeString(file, "alice:secret\nbob:$2y$04$" + "a".repeat(53) + "\nno-colon-here\ncarol:$argon2id$v=19$m=1024,t=2,p=1$short\n");
        assertThatThrownBy(() -> new PasswordFileAuthenticator(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1 (user 'alice'): not a bcrypt")
                .hasMessageContaining("line 2 (user 'bob'): bcrypt cost 4 is outside 8-31")
                .hasMessageContaining("line 3: expected user:hash")
                .hasMessageContaining("line 4 (user 'carol'): malformed argon2 hash")
                .hasMessageNotContaining("secret");
    }

    @Test
    void readsTheFileAgainWhenItChangesAndKeepsTheOldUsersWhenTheChangeIsInvalid()
            throws Exception
    {
        Path file = Files.createTempFile("password", ".db");
        Files.writeString(file, "alice:" + bcrypt("first") + "\n");
        PasswordFileAuthenticator authenticator = new PasswordFileAuthenticator(file);
        assertThat(authenticator.authenticate("alice", "first").name()).isEqualTo("alice");

        Files.writeString(file, "alice:" + bcrypt("second") + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(authenticator.authenticate("alice", "second").name()).isEqualTo("alice");
        assertThatThrownBy(() -> authenticator.authenticate("alice", "first")).isInstanceOf(AuthenticationException.class);

        Files.writeString(file, "alice:plain-text\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(20)));
        assertThat(authenticator.authenticate("alice", "second").name()).isEqualTo("alice");
        assertThat(authenticator.userCount()).isEqualTo(1);
    }
}
