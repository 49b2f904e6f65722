package io.junction.security;

import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

import java.time.Duration;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Checks passwords with an LDAP simple bind as the user (JNDI, no extra library): the bind
 * DN comes from a pattern such as {@code uid=${USER},ou=people,dc=example,dc=org}. After a
 * successful bind, and still bound as the user, the groups of the user are searched (for
 * example {@code (member=${USER_DN})} under {@code ou=groups,...}) so that roles can be
 * mapped from LDAP groups.
 * <p>
 * The user name is escaped for the DN (RFC 4514) and passed to the filter as an argument
 * (escaped by JNDI, RFC 4515); an empty password is refused before any bind, because LDAP
 * treats it as an anonymous bind that succeeds. Every connection has connect and read
 * timeouts. Thread-safe; blocks for the round trips.
 */
public final class LdapAuthenticator
        implements PasswordAuthenticator
{
    private final LdapConfig config;

    public LdapAuthenticator(LdapConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * @param userBindPattern a DN with {@code ${USER}} where the user name goes
     * @param groupSearchFilter an LDAP filter with {@code ${USER}} and/or {@code ${USER_DN}}
     */
    public record LdapConfig(String url, String userBindPattern, Optional<String> groupSearchBase, String groupSearchFilter, String groupNameAttribute, Duration timeout)
    {
        public LdapConfig
        {
            requireNonNull(url, "url is null");
            requireNonNull(userBindPattern, "userBindPattern is null");
            requireNonNull(groupSearchBase, "groupSearchBase is null");
            requireNonNull(groupSearchFilter, "groupSearchFilter is null");
            requireNonNull(groupNameAttribute, "groupNameAttribute is null");
            requireNonNull(timeout, "timeout is null");
        }
    }

    @Override
    public AuthenticatedUser authenticate(String user, String password)
            throws AuthenticationException
    {
        if (user.isEmpty() || password.isEmpty()) {
            throw new AuthenticationException("invalid user name or password");
        }
        String userDn = config.userBindPattern().replace("${USER}", escapeDnValue(user));
        DirContext context;
        try {
            context = new InitialDirContext(environment(userDn, password));
        }
        catch (javax.naming.AuthenticationException e) {
            throw new AuthenticationException("invalid user name or password");
        }
        catch (CommunicationException | ServiceUnavailableException e) {
            throw new IdentityProviderUnavailableException("LDAP server " + config.url() + " cannot be reached: " + rootMessage(e), e);
        }
        catch (NamingException e) {
            throw new IdentityProviderUnavailableException("LDAP bind failed: " + rootMessage(e), e);
        }
        try {
            return new AuthenticatedUser(user, groups(context, user, userDn), AuthenticationMethod.LDAP);
        }
        finally {
            close(context);
        }
    }

    private Set<String> groups(DirContext context, String user, String userDn)
    {
        if (config.groupSearchBase().isEmpty()) {
            return Set.of();
        }
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(new String[] {config.groupNameAttribute()});
        controls.setTimeLimit((int) config.timeout().toMillis());
        controls.setCountLimit(1000);
        String filter = config.groupSearchFilter().replace("${USER_DN}", "{1}").replace("${USER}", "{0}");
        Set<String> groups = new LinkedHashSet<>();
        try {
            NamingEnumeration<SearchResult> results = context.search(config.groupSearchBase().get(), filter, new Object[] {user, userDn}, controls);
            try {
                while (results.hasMore()) {
                    Attribute name = results.next().getAttributes().get(config.groupNameAttribute());
                    if (name != null && name.get() != null) {
                        groups.add(name.get().toString());
                    }
                }
            }
            finally {
                results.close();
            }
        }
        catch (NamingException e) {
            throw new IdentityProviderUnavailableException("LDAP group search under " + config.groupSearchBase().get() + " failed: " + rootMessage(e), e);
        }
        return groups;
    }

    private Hashtable<String, String> environment(String userDn, String password)
    {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        environment.put(Context.PROVIDER_URL, config.url());
        environment.put(Context.SECURITY_AUTHENTICATION, "simple");
        environment.put(Context.SECURITY_PRINCIPAL, userDn);
        environment.put(Context.SECURITY_CREDENTIALS, password);
        environment.put(Context.REFERRAL, "ignore");
        environment.put("com.sun.jndi.ldap.connect.timeout", Long.toString(config.timeout().toMillis()));
        environment.put("com.sun.jndi.ldap.read.timeout", Long.toString(config.timeout().toMillis()));
        return environment;
    }

    /**
     * Escapes a value for use in a DN (RFC 4514, section 2.4).
     */
    static String escapeDnValue(String value)
    {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean special = switch (c) {
                case ',', '+', '"', '\\', '<', '>', ';', '=' -> true;
                case '#' -> i == 0;
                case ' ' -> i == 0 || i == value.length() - 1;
                default -> false;
            };
            if (c == '\0') {
                escaped.append("\\00");
                continue;
            }
            if (special) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static String rootMessage(Throwable failure)
    {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

    private static void close(DirContext context)
    {
        try {
            context.close();
        }
        catch (NamingException ignored) {
            // the connection is gone either way
        }
    }
}
