package io.junction.security;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Users and password hashes from a file in Trino's format, one {@code user:hash} a line
 * ({@code #} starts a comment), the hashes bcrypt or argon2 ({@link PasswordHash}).
 * <p>
 * The file is read at startup (a bad file fails startup, naming the line) and read again
 * when its modification time changes; a bad change is logged and the previous users stay.
 * Thread-safe: the users are an immutable map swapped whole.
 */
public final class PasswordFileAuthenticator
        implements PasswordAuthenticator
{
    private static final Logger log = LoggerFactory.getLogger(PasswordFileAuthenticator.class);
    // checked against when the user is unknown, so that a wrong name costs as much time as a wrong password
    private static final PasswordHash UNKNOWN_USER = randomHash();

    private final Path file;
    private final AtomicReference<Users> users;

    private record Users(FileTime modified, Map<String, PasswordHash> hashes) {}

    /**
     * @throws IllegalArgumentException naming the file and every bad line
     */
    public PasswordFileAuthenticator(Path file)
    {
        this.file = requireNonNull(file, "file is null");
        this.users = new AtomicReference<>(load(file));
    }

    @Override
    public AuthenticatedUser authenticate(String user, String password)
            throws AuthenticationException
    {
        PasswordHash hash = currentUsers().hashes().get(user);
        boolean matches = (hash == null ? UNKNOWN_USER : hash).matches(password);
        if (hash == null || !matches) {
            throw new AuthenticationException("invalid user name or password");
        }
        return new AuthenticatedUser(user, Set.of(), AuthenticationMethod.PASSWORD_FILE);
    }

    public int userCount()
    {
        return currentUsers().hashes().size();
    }

    private Users currentUsers()
    {
        Users current = users.get();
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        }
        catch (IOException e) {
            log.warn("Cannot read the password file {} ({}); keeping the {} users read before", file, e.getMessage(), current.hashes().size());
            return current;
        }
        if (modified.equals(current.modified())) {
            return current;
        }
        try {
            Users reloaded = load(file);
            if (users.compareAndSet(current, reloaded)) {
                log.info("Password file {} reloaded: {} users", file, reloaded.hashes().size());
            }
            return reloaded;
        }
        catch (IllegalArgumentException | UncheckedIOException e) {
            log.warn("The changed password file is invalid; keeping the {} users read before: {}", current.hashes().size(), e.getMessage());
            users.compareAndSet(current, new Users(modified, current.hashes()));
            return current;
        }
    }

    private static PasswordHash randomHash()
    {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return PasswordHash.parse(OpenBSDBCrypt.generate("2y", UUID.randomUUID().toString().toCharArray(), salt, 10));
    }

    private static Users load(Path file)
    {
        List<String> lines;
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("cannot read password file " + file + ": " + e.getMessage());
        }
        Map<String, PasswordHash> hashes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.add("line " + (i + 1) + ": expected user:hash");
                continue;
            }
            String user = line.substring(0, colon);
            try {
                PasswordHash previous = hashes.put(user, PasswordHash.parse(line.substring(colon + 1)));
                if (previous != null) {
                    problems.add("line " + (i + 1) + ": user '" + user + "' appears twice");
                }
            }
            catch (IllegalArgumentException e) {
                problems.add("line " + (i + 1) + " (user '" + user + "'): " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("password file " + file + ": " + String.join("; ", problems));
        }
        return new Users(modified, Map.copyOf(hashes));
    }
}
