package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.objref.SecurityBinding;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.moniker.Guid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The calls of one captured run, read from its {@code server.log} (every PDU in hex, sealed stubs also shown in
 * the clear), so that runs without a {@code stubs/} folder are fixtures too; where the folder exists its files
 * must agree with the log.
 */
final class CaptureLog {

    /** One call: its connection, interface, opnum and clear stubs (without auth padding). */
    record Call(String capture, int index, String connection, String iface, int opnum, Bytes request, Bytes response) {
        @Override
        public String toString() {
            return capture + " #" + index + " " + iface + " op" + opnum;
        }
    }

    /** The facts the test server printed on its first line. */
    record Server(Oxid oxid, Oid oid, Ipid remUnknown, Ipid unknown, Ipid dispatch, String binding) {
        DualStringArray bindings() {
            int open = binding.indexOf('[');
            return new DualStringArray(List.of(StringBinding.tcp(binding.substring(0, open),
                    Integer.parseInt(binding.substring(open + 1, binding.length() - 1)))),
                    List.of(new SecurityBinding(AuthVerifier.RPC_C_AUTHN_WINNT, "")));
        }
    }

    private static final Pattern TAG = Pattern.compile("^\\S+ (\\[c\\d+ :\\d+\\])\\s+(.*)$");
    private static final Pattern HEX = Pattern.compile("^    [0-9a-f]{4}  ((?:[0-9a-f]{2} ?)+)");
    private static final Pattern CALL = Pattern.compile("call: ctx \\d+ \\((\\w+)\\) opnum (\\d+)");
    private static final Pattern SERVER = Pattern.compile("server: OXID=(\\w+) OID=(\\w+) IPID\\(IRemUnknown\\)=(\\S+)"
            + " IPID\\(IUnknown\\)=(\\S+) IPID\\(IDispatch\\)=(\\S+) bindings=\\[\\(7, '([^']+)'\\)\\]");

    private CaptureLog() {
    }

    static Path root() {
        try {
            return Path.of(CaptureLog.class.getResource("/captures/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> captures() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Server server(String capture) {
        for (String line : lines(capture)) {
            Matcher m = SERVER.matcher(line);
            if (m.find()) {
                return new Server(Oxid.of(Long.parseUnsignedLong(m.group(1), 16)),
                        Oid.of(Long.parseUnsignedLong(m.group(2), 16)), Ipid.of(Guid.parse(m.group(3))),
                        Ipid.of(Guid.parse(m.group(4))), Ipid.of(Guid.parse(m.group(5))), m.group(6));
            }
        }
        throw new IllegalStateException("no server line in " + capture);
    }

    private static List<String> lines(String capture) {
        try {
            return Files.readAllLines(root().resolve(capture).resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every call that got a response, in order. */
    static List<Call> calls(String capture) {
        List<String> lines = lines(capture);
        // group each tagged line with the hex lines under it
        List<String[]> events = new ArrayList<>();
        List<StringBuilder> hexes = new ArrayList<>();
        for (String line : lines) {
            Matcher hex = HEX.matcher(line);
            if (hex.find() && !events.isEmpty()) {
                hexes.get(hexes.size() - 1).append(hex.group(1));
                continue;
            }
            Matcher tag = TAG.matcher(line);
            events.add(tag.find() ? new String[] {tag.group(1), tag.group(2)} : new String[] {"", line});
            hexes.add(new StringBuilder());
        }
        Map<String, Pending> open = new HashMap<>();
        List<Call> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String conn = events.get(i)[0];
            String msg = events.get(i)[1];
            Bytes hex = Bytes.fromHex(hexes.get(i));
            if (msg.startsWith("RECV request")) {
                Pending p = new Pending();
                p.requestPdu = hex;
                open.put(conn, p);
            } else if (msg.startsWith("decrypted stub")) {
                open.get(conn).clearRequest = hex;
            } else if (msg.startsWith("call: ctx")) {
                Matcher m = CALL.matcher(msg);
                if (m.find() && open.containsKey(conn)) {
                    open.get(conn).iface = m.group(1);
                    open.get(conn).opnum = Integer.parseInt(m.group(2));
                }
            } else if (msg.startsWith("plaintext stub of that fragment")) {
                open.get(conn).clearResponse = hex;
            } else if (msg.startsWith("SEND response")) {
                Pending p = open.remove(conn);
                Bytes request = stub(p.requestPdu, p.clearRequest, true);
                Bytes response = stub(hex, p.clearResponse, false);
                out.add(new Call(capture, out.size() + 1, conn, p.iface, p.opnum, request, response));
            } else if (msg.startsWith("SEND fault")) {
                open.remove(conn);
            }
        }
        return out;
    }

    /** The stub of a PDU: after the header (and object UUID), before any auth padding and trailer. */
    private static Bytes stub(Bytes pdu, Bytes clear, boolean request) {
        int flags = pdu.get(3);
        int fragLength = pdu.get(8) | pdu.get(9) << 8;
        int authLength = pdu.get(10) | pdu.get(11) << 8;
        int start = 24 + (request && (flags & 0x80) != 0 ? 16 : 0);
        int end = fragLength;
        if (authLength > 0) {
            int trailer = fragLength - authLength - 8;
            end = trailer - pdu.get(trailer + 2);
        }
        if (clear != null) {
            return clear.slice(0, end - start);
        }
        return pdu.slice(start, end);
    }

    /** The files of {@code stubs/}, in order, as (name, octets). */
    static List<Map.Entry<String, Bytes>> stubFiles(String capture) {
        Path dir = root().resolve(capture).resolve("stubs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Map.Entry<String, Bytes>> out = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                out.add(Map.entry(f.getFileName().toString(), Bytes.copyOf(Files.readAllBytes(f))));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every call of the activation and OXID-resolver interfaces in every capture. */
    static Stream<Call> activationCalls() {
        return captures().stream().flatMap(c -> calls(c).stream())
                .filter(c -> c.iface().equals("IRemoteSCMActivator") || c.iface().equals("IActivation")
                        || c.iface().equals("IObjectExporter"));
    }

    private static final class Pending {
        Bytes requestPdu;
        Bytes clearRequest;
        Bytes clearResponse;
        String iface = "?";
        int opnum = -1;
    }
}
