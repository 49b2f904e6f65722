package io.junction.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A real OpenLDAP {@code slapd} (Debian's package; {@code .ci/run} installs it) owned by a
 * test: its own configuration and database in a temporary directory, loaded with
 * {@code slapadd}, listening on a free loopback port, stopped by {@link #close()}.
 * <p>
 * The directory is {@code dc=junction,dc=test} with users under {@code ou=people} (password
 * hashed by {@code slappasswd}) and {@code groupOfNames} groups under {@code ou=groups}.
 */
public final class TestingLdapServer
        implements AutoCloseable
{
    public static final String BASE = "dc=junction,dc=test";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String GROUPS = "ou=groups," + BASE;
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");

    private final Path directory;
    private final Process process;
    private final int port;

    private TestingLdapServer(Path directory, Process process, int port)
    {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    public record User(String name, String password, List<String> groups) {}

    /**
     * Starts slapd with these users; each user's groups are created as groupOfNames.
     */
    public static TestingLdapServer start(List<User> users)
    {
        if (!Files.isExecutable(SLAPD)) {
            throw new IllegalStateException("slapd is not installed: apt-get install -y slapd ldap-utils (.ci/run does it)");
        }
        try {
            Path directory = Files.createTempDirectory("junction-slapd");
            Files.createDirectories(directory.resolve("data"));
            Path config = directory.resolve("slapd.conf");
            Files.writeString(config, configuration(directory));
            Path ldif = directory.resolve("data.ldif");
            Files.writeString(ldif, entries(users));
            run(List.of("/usr/sbin/slapadd", "-f", config.toString(), "-l", ldif.toString()), directory.resolve("slapadd.log"));
            for (int attempt = 0; ; attempt++) {
                int port = freePort();
                Process process = new ProcessBuilder(SLAPD.toString(), "-f", config.toString(), "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("slapd.log").toFile())
                        .start();
                if (awaitListening(process, port)) {
                    return new TestingLdapServer(directory, process, port);
                }
                process.destroyForcibly();
                if (attempt == 2) {
                    throw new IllegalStateException("slapd did not start: " + Files.readString(directory.resolve("slapd.log")));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url()
    {
        return "ldap://127.0.0.1:" + port;
    }

    public int port()
    {
        return port;
    }

    public static String userDn(String user)
    {
        return "uid=" + user.replaceAll("([,+\"\\\\<>;=])", "\\\\$1") + "," + PEOPLE;
    }

    /**
     * Stops the server, as when the LDAP server goes down; {@link #close()} still cleans up.
     */
    public void stop()
    {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private static String configuration(Path directory)
    {
        return """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                include /etc/ldap/schema/nis.schema
                pidfile %1$s/slapd.pid
                argsfile %1$s/slapd.args
                modulepath /usr/lib/ldap
                moduleload back_mdb
                database mdb
                maxsize 10485760
                suffix "%2$s"
                rootdn "cn=admin,%2$s"
                rootpw not-used-by-tests
                directory %1$s/data
                access to attrs=userPassword by anonymous auth by self read by * none
                access to * by users read by * none
                """.formatted(directory, BASE);
    }

    private static String entries(List<User> users)
            throws IOException
    {
        StringBuilder ldif = new StringBuilder("""
                dn: %1$s
                objectClass: dcObject
                objectClass: organization
                o: Junction
                dc: junction

                dn: %2$s
                objectClass: organizationalUnit
                ou: people

                dn: %3$s
                objectClass: organizationalUnit
                ou: groups

                """.formatted(BASE, PEOPLE, GROUPS));
        List<String> groups = new ArrayList<>();
        for (User user : users) {
            ldif.append("""
                    dn: %s
                    objectClass: inetOrgPerson
                    uid: %s
                    cn: %s
                    sn: %s
                    userPassword: %s

                    """.formatted(userDn(user.name()), user.name(), user.name(), user.name(), hash(user.password())));
            user.groups().stream().filter(group -> !groups.contains(group)).forEach(groups::add);
        }
        for (String group : groups) {
            ldif.append("dn: cn=").append(group).append(',').append(GROUPS).append("\nobjectClass: groupOfNames\ncn: ").append(group).append('\n');
            for (User user : users) {
                if (user.groups().contains(group)) {
                    ldif.append("member: ").append(userDn(user.name())).append('\n');
                }
            }
            ldif.append('\n');
        }
        return ldif.toString();
    }

    private static String hash(String password)
            throws IOException
    {
        Process process = new ProcessBuilder("/usr/sbin/slappasswd", "-s", password).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || !output.startsWith("{SSHA}")) {
                throw new IllegalStateException("slappasswd failed: " + output);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }

    private static void run(List<String> command, Path log)
            throws IOException
    {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean awaitListening(Process process, int port)
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            }
            catch (IOException e) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
        return false;
    }

    private static int freePort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
