package io.chorus.loadgen.connect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The local source addresses connections are spread over, round robin. One source address gets at most
 * the ephemeral port range (~28K ports by default) of connections to one server port; on Linux every
 * 127.0.0.x is on {@code lo}, so N addresses lift the limit N times.
 *
 * <p>Spec: {@code 127.0.0.1,127.0.0.2} or a last-octet range {@code 127.0.0.1-4}, or both mixed.
 */
public final class SourceAddresses {

    private final List<InetAddress> addresses;

    private SourceAddresses(List<InetAddress> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    public static SourceAddresses parse(List<String> specs) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String spec : specs) {
            int dash = spec.lastIndexOf('-');
            if (dash < 0) {
                addresses.add(address(spec));
                continue;
            }
            String first = spec.substring(0, dash);
            int lastDot = first.lastIndexOf('.');
            int from = Integer.parseInt(first.substring(lastDot + 1));
            int to = Integer.parseInt(spec.substring(dash + 1));
            if (to < from || to > 254) {
                throw new IllegalArgumentException("bad address range: " + spec);
            }
            for (int octet = from; octet <= to; octet++) {
                addresses.add(address(first.substring(0, lastDot + 1) + octet));
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no source address");
        }
        return new SourceAddresses(addresses);
    }

    /** The source address of connection {@code index}. */
    public InetAddress forIndex(int index) {
        return addresses.get(Math.floorMod(index, addresses.size()));
    }

    public int size() {
        return addresses.size();
    }

    public List<InetAddress> all() {
        return addresses;
    }

    private static InetAddress address(String literal) {
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("not an IP literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException ex) {
            throw new IllegalArgumentException("not an address: " + literal, ex);
        }
    }
}
