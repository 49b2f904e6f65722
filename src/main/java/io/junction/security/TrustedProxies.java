package io.junction.security;

import java.net.InetAddress;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The addresses whose {@code X-Forwarded-*} headers Junction believes. Forwarded headers
 * from anyone else are dropped, so a client cannot make Junction (or Trino) believe a
 * false scheme, host or client address. Immutable and thread-safe.
 */
public final class TrustedProxies
{
    private final List<Cidr> ranges;

    private TrustedProxies(List<Cidr> ranges)
    {
        this.ranges = List.copyOf(ranges);
    }

    public static TrustedProxies none()
    {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses addresses and CIDR ranges such as {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or range
     */
    public static TrustedProxies parse(List<String> entries)
    {
        return new TrustedProxies(entries.stream().map(Cidr::parse).toList());
    }

    public boolean isTrusted(String remoteAddress)
    {
        if (ranges.isEmpty() || remoteAddress == null) {
            return false;
        }
        byte[] address;
        try {
            address = InetAddress.ofLiteral(stripBrackets(remoteAddress)).getAddress();
        }
        catch (IllegalArgumentException e) {
            return false;
        }
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String stripBrackets(String address)
    {
        if (address.startsWith("[") && address.endsWith("]")) {
            return address.substring(1, address.length() - 1);
        }
        return address;
    }

    private record Cidr(byte[] network, int prefixLength)
    {
        Cidr
        {
            requireNonNull(network, "network is null");
        }

        static Cidr parse(String entry)
        {
            String text = entry.trim();
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            byte[] network;
            try {
                network = InetAddress.ofLiteral(stripBrackets(host)).getAddress();
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
            }
            int maxPrefix = network.length * 8;
            int prefix = maxPrefix;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                }
                catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > maxPrefix) {
                    throw new IllegalArgumentException("'" + entry + "' has an invalid prefix length (0-" + maxPrefix + ")");
                }
            }
            return new Cidr(network, prefix);
        }

        boolean contains(byte[] address)
        {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - remainingBits)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }
}
