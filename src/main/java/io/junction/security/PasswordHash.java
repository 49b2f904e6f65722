package io.junction.security;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A stored password hash: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}, as written by
 * {@code htpasswd -B} and accepted by Trino's password file) or argon2 in the PHC string
 * format ({@code $argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>}, as written by the
 * {@code argon2} command). Plain-text and weak hashes are refused when the file is read.
 * Immutable and thread-safe.
 */
public sealed interface PasswordHash
{
    boolean matches(String password);

    /**
     * @throws IllegalArgumentException saying why the text is not a supported hash (never repeating it)
     */
    static PasswordHash parse(String text)
    {
        requireNonNull(text, "text is null");
        if (text.startsWith("$2a$") || text.startsWith("$2b$") || text.startsWith("$2y$")) {
            return Bcrypt.parse(text);
        }
        if (text.startsWith("$argon2")) {
            return Argon2.parse(text);
        }
        throw new IllegalArgumentException("not a bcrypt ($2a$, $2b$, $2y$) or argon2 ($argon2id$...) hash");
    }

    record Bcrypt(String hash)
            implements PasswordHash
    {
        private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}");
        private static final int MIN_COST = 8;

        static Bcrypt parse(String text)
        {
            Matcher matcher = FORMAT.matcher(text);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("malformed bcrypt hash");
            }
            int cost = Integer.parseInt(matcher.group(1));
            if (cost < MIN_COST || cost > 31) {
                throw new IllegalArgumentException("bcrypt cost " + cost + " is outside " + MIN_COST + "-31");
            }
            return new Bcrypt(text);
        }

        @Override
        public boolean matches(String password)
        {
            // bcrypt looks at the first 72 bytes only; longer passwords are checked on those, as everywhere
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        }

        @Override
        public String toString()
        {
            return "bcrypt";
        }
    }

    record Argon2(int type, int version, int memoryKb, int iterations, int parallelism, byte[] salt, byte[] hash)
            implements PasswordHash
    {
        private static final Pattern FORMAT = Pattern.compile(
                "\\$(argon2id|argon2i|argon2d)(?:\\$v=(\\d+))?\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

        static Argon2 parse(String text)
        {
            Matcher matcher = FORMAT.matcher(text);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("malformed argon2 hash: expected $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>");
            }
            int type = switch (matcher.group(1)) {
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                default -> Argon2Parameters.ARGON2_id;
            };
            int version = matcher.group(2) == null ? Argon2Parameters.ARGON2_VERSION_10 : Integer.parseInt(matcher.group(2));
            if (version != Argon2Parameters.ARGON2_VERSION_10 && version != Argon2Parameters.ARGON2_VERSION_13) {
                throw new IllegalArgumentException("unknown argon2 version " + version);
            }
            int memory = Integer.parseInt(matcher.group(3));
            int iterations = Integer.parseInt(matcher.group(4));
            int parallelism = Integer.parseInt(matcher.group(5));
            if (memory < 8 || memory > 4 * 1024 * 1024 || iterations < 1 || iterations > 100 || parallelism < 1 || parallelism > 64) {
                throw new IllegalArgumentException("argon2 parameters out of range (m 8-4194304 KiB, t 1-100, p 1-64)");
            }
            Base64.Decoder decoder = Base64.getDecoder();
            byte[] salt = decoder.decode(pad(matcher.group(6)));
            byte[] hash = decoder.decode(pad(matcher.group(7)));
            if (salt.length < 8 || hash.length < 16) {
                throw new IllegalArgumentException("argon2 salt shorter than 8 bytes or hash shorter than 16 bytes");
            }
            return new Argon2(type, version, memory, iterations, parallelism, salt, hash);
        }

        @Override
        public boolean matches(String password)
        {
            Argon2Parameters parameters = new Argon2Parameters.Builder(type)
                    .withVersion(version)
                    .withMemoryAsKB(memoryKb)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .withSalt(salt)
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] computed = new byte[hash.length];
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), computed);
            return MessageDigest.isEqual(computed, hash);
        }

        @Override
        public String toString()
        {
            return "argon2";
        }

        private static String pad(String base64)
        {
            return base64 + "=".repeat((4 - base64.length() % 4) % 4);
        }
    }
}
