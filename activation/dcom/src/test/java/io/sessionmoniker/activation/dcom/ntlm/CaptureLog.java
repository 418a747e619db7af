package io.sessionmoniker.activation.dcom.ntlm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a captured run's {@code server.log}: each hex dump with the summary line above it (a PDU received or sent,
 * a decrypted request stub, a response's plaintext stub), and the run's {@code stubs/} files.
 */
final class CaptureLog {

    private static final Pattern CONNECTION = Pattern.compile("\\[c(\\d+) ");
    private static final Pattern DUMP = Pattern.compile("^ {4}[0-9a-f]{4} {2}(.*)$");

    /**
     * One hex dump.
     *
     * @param connection the connection number of the line above it ({@code [cN ...]}), 0 if none
     * @param header the line above it
     * @param bytes the dumped octets
     */
    record Block(int connection, String header, byte[] bytes) {
        boolean received(String type) {
            return header.contains("] RECV " + type + " ");
        }

        boolean sent(String type) {
            return header.contains("] SEND " + type + " ");
        }

        int authLength() {
            return (bytes[10] & 0xFF) | (bytes[11] & 0xFF) << 8;
        }

        int trailer() {
            return bytes.length - authLength() - 8;
        }

        int authLevel() {
            return bytes[trailer() + 1];
        }

        int padLength() {
            return bytes[trailer() + 2] & 0xFF;
        }

        int contextId() {
            return NtlmCrypto.getInt(bytes, trailer() + 4);
        }

        byte[] token() {
            return java.util.Arrays.copyOfRange(bytes, bytes.length - authLength(), bytes.length);
        }

        int stubOffset() {
            return (bytes[3] & 0x80) != 0 && bytes[2] == 0 ? 40 : 24;
        }

        int opnum() {
            return (bytes[22] & 0xFF) | (bytes[23] & 0xFF) << 8;
        }
    }

    private CaptureLog() {
    }

    static Path dir(String run) {
        URL u = CaptureLog.class.getResource("/captures/" + run + "/server.log");
        if (u == null) {
            throw new IllegalArgumentException("no capture " + run);
        }
        try {
            return Path.of(u.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Block> read(String run) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir(run).resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        String header = "";
        ByteArrayOutputStream dump = null;
        for (String line : lines) {
            Matcher m = DUMP.matcher(line);
            if (m.matches()) {
                if (dump == null) {
                    dump = new ByteArrayOutputStream();
                }
                String hex = m.group(1);
                hex = hex.substring(0, Math.min(hex.length(), 47));
                for (String t : hex.trim().split(" +")) {
                    dump.write(Integer.parseInt(t, 16));
                }
                continue;
            }
            if (dump != null) {
                blocks.add(block(header, dump.toByteArray()));
                dump = null;
            }
            header = line;
        }
        if (dump != null) {
            blocks.add(block(header, dump.toByteArray()));
        }
        return blocks;
    }

    private static Block block(String header, byte[] bytes) {
        Matcher c = CONNECTION.matcher(header);
        return new Block(c.find() ? Integer.parseInt(c.group(1)) : 0, header, bytes);
    }

    /** The stub files of a connection and opnum, as NNN-cC-IFACE-opN.req names them. */
    static List<byte[]> requestStubs(String run, int connection, int opnum) {
        Path stubs = dir(run).resolve("stubs");
        List<byte[]> out = new ArrayList<>();
        if (!Files.isDirectory(stubs)) {
            return out;
        }
        try (var files = Files.list(stubs)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String n = p.getFileName().toString();
                if (n.contains("-c" + connection + "-") && n.endsWith("-op" + opnum + ".req")) {
                    out.add(Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Optional<AvPair> pair(byte[] challengeMessage, int id) {
        try {
            return AvPair.find(ChallengeMessage.decode(challengeMessage).targetInfo(), id);
        } catch (io.sessionmoniker.activation.orpc.rpc.SecurityFailure e) {
            throw new AssertionError(e);
        }
    }
}
