package io.junction.security;

import io.junction.testing.TestingLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LDAP simple bind and group search against a real OpenLDAP slapd.
 */
class TestLdapAuthenticator
{
    private static TestingLdapServer ldap;
    private static LdapAuthenticator authenticator;

    @BeforeAll
    static void start()
    {
        ldap = TestingLdapServer.start(List.of(
                new TestingLdapServer.User("alice", "alice-pw", List.of("operators", "analysts")),
                new TestingLdapServer.User("bob", "bob-pw", List.of()),
                new TestingLdapServer.User("o'brien, jr", "comma-pw", List.of("analysts"))));
        authenticator = new LdapAuthenticator(config(ldap.url()));
    }

    @AfterAll
    static void stop()
    {
        ldap.close();
    }

    private static LdapAuthenticator.LdapConfig config(String url)
    {
        return new LdapAuthenticator.LdapConfig(url, "uid=${USER}," + TestingLdapServer.PEOPLE, Optional.of(TestingLdapServer.GROUPS),
                "(member=${USER_DN})", "cn", Duration.ofSeconds(5));
    }

    @Test
    void bindsAsTheUserAndFindsTheUsersGroups()
            throws Exception
    {
        AuthenticatedUser alice = authenticator.authenticate("alice", "alice-pw");
        assertThat(alice.name()).isEqualTo("alice");
        assertThat(alice.groups()).containsExactlyInAnyOrder("operators", "analysts");
        assertThat(alice.method()).isEqualTo(AuthenticationMethod.LDAP);
        assertThat(authenticator.authenticate("bob", "bob-pw").groups()).isEmpty();
    }

    @Test
    void escapesUserNamesWithDnSpecialCharacters()
            throws Exception
    {
        assertThat(authenticator.authenticate("o'brien, jr", "comma-pw").groups()).containsExactly("analysts");
        assertThatThrownBy(() -> authenticator.authenticate("alice,ou=people", "alice-pw")).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> authenticator.authenticate("*", "alice-pw")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void refusesWrongPasswordsUnknownUsersAndEmptyPasswords()
    {
        assertThatThrownBy(() -> authenticator.authenticate("alice", "bob-pw")).isInstanceOf(AuthenticationException.class).hasMessage("invalid user name or password");
        assertThatThrownBy(() -> authenticator.authenticate("nobody", "alice-pw")).isInstanceOf(AuthenticationException.class);
        // an empty password is an anonymous bind, which LDAP servers accept: never a login
        assertThatThrownBy(() -> authenticator.authenticate("alice", "")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void reportsAnUnreachableServerAsUnavailableNotAsAWrongPassword()
    {
        TestingLdapServer down = TestingLdapServer.start(List.of(new TestingLdapServer.User("carol", "carol-pw", List.of())));
        LdapAuthenticator downAuthenticator = new LdapAuthenticator(config(down.url()));
        down.close();
        assertThatThrownBy(() -> downAuthenticator.authenticate("carol", "carol-pw")).isInstanceOf(IdentityProviderUnavailableException.class)
                .hasMessageContaining(down.url());
    }
}
