package io.sessionmoniker.activation.host.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The caller's identity in a call, as only the session host can issue it: an ORPCTHIS extension the host signs with
 * a key it made for the one server process the calls go to, so that the server can check its
 * {@code AccessPermission} on every call against who the host activated for, as Windows does with the caller's
 * token.
 *
 * <p>The host makes a 256-bit key for each server it launches and hands it over in the server's launch context. For
 * each activation it issues a ticket: UTF-8 JSON of the caller (principal, session, remote) and of the OS account of
 * the process it handed the ticket to, followed by HMAC-SHA256 over it with that server's key. The server verifies
 * the tag and that the call's transport peer is that OS account. So a client cannot claim an identity (a ticket it
 * writes has no valid tag), cannot alter one (the tag covers every field), and cannot take a ticket issued for
 * one server to another server (the key differs). MS-DCOM peers ignore extensions they do not know (MS-DCOM
 * 2.2.21.4).
 *
 * <p>Layout of the extension's data: octet 1 (the version), a 32-bit little-endian length {@code n}, {@code n} octets
 * of JSON {@code {"principal":{…},"session":N|null,"remote":bool,"peer":"account"}}, then the 32-octet tag over
 * the octets before it.
 *
 * <p>A server reads tickets with Jackson's streaming parser alone: a launched server verifies the ticket of its
 * first call before it answers it, and the data-binding layer, which only the host's side ({@link #issue}) uses,
 * would add hundreds of classes to every server's start.
 */
public final class CallerTicket {

    /** The extension's id. */
    public static final Guid ID = Guid.parse("5E55A0A0-0000-4000-8000-0000000000E2");

    /** The key's length in octets. */
    public static final int KEY_LENGTH = 32;

    private static final int VERSION = 1;
    private static final int TAG_LENGTH = 32;
    private static final int MAX_BODY = 64 * 1024;
    /** Reads tickets: jackson-core only, so that a server's first call loads no data binding. */
    private static final JsonFactory STREAMS = new JsonFactory();

    /** What only the host uses (issuing tickets, making keys), made on its first use, never in a server. */
    private static final class Issuing {
        static final ObjectMapper JSON = new ObjectMapper();
        static final SecureRandom RANDOM = new SecureRandom();

        /** A ticket's JSON; the data-binding types stay in this class, which a server never loads. */
        static byte[] json(Caller caller, String peer) {
            ObjectNode o = JSON.createObjectNode();
            o.set("principal", PrincipalJson.encode(caller.principal()));
            if (caller.session().isPresent()) {
                o.put("session", caller.session().getAsLong());
            } else {
                o.putNull("session");
            }
            o.put("remote", caller.isRemote());
            o.put("peer", peer);
            try {
                return JSON.writeValueAsBytes(o);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree cannot be written: " + e.getMessage(), e);
            }
        }
    }

    private CallerTicket() {
    }

    /**
     * Makes a new server key.
     *
     * @return 32 random octets
     */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_LENGTH];
        Issuing.RANDOM.nextBytes(key);
        return key;
    }

    /**
     * Parses a key from its hexadecimal form (as the launch context carries it).
     *
     * @param hex 64 hexadecimal digits
     * @return the key
     * @throws IllegalArgumentException if it is not a key
     */
    public static byte[] parseKey(String hex) {
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the ticket key is not hexadecimal", e);
        }
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("the ticket key has " + key.length + " octets, not " + KEY_LENGTH);
        }
        return key;
    }

    /**
     * Issues a ticket.
     *
     * @param key the key of the server the calls go to
     * @param caller who the host activated for
     * @param peer the OS account of the process the ticket is handed to
     * @return the extension
     */
    public static OrpcExtent issue(byte[] key, Caller caller, String peer) {
        Objects.requireNonNull(peer, "peer");
        byte[] json = Issuing.json(caller, peer);
        byte[] data = new byte[5 + json.length + TAG_LENGTH];
        data[0] = VERSION;
        data[1] = (byte) json.length;
        data[2] = (byte) (json.length >>> 8);
        data[3] = (byte) (json.length >>> 16);
        data[4] = (byte) (json.length >>> 24);
        System.arraycopy(json, 0, data, 5, json.length);
        byte[] tag = tag(key, data, 5 + json.length);
        System.arraycopy(tag, 0, data, 5 + json.length, TAG_LENGTH);
        return new OrpcExtent(ID, Bytes.copyOf(data));
    }

    /** What a call's extensions say about its caller. */
    public sealed interface Verdict {
        /** The call carries no ticket: an anonymous caller. */
        record None() implements Verdict {
        }

        /**
         * The call carries a valid ticket.
         *
         * @param caller who the host activated for
         */
        record Valid(Caller caller) implements Verdict {
        }

        /**
         * The call carries a ticket that must be refused.
         *
         * @param reason why, for the server's log
         */
        record Refused(String reason) implements Verdict {
        }
    }

    /**
     * Checks a call's ticket.
     *
     * @param key this server's key
     * @param extensions the call's ORPCTHIS extensions
     * @param peer the OS account of the call's transport peer
     * @return the verdict
     */
    public static Verdict verify(byte[] key, List<OrpcExtent> extensions, String peer) {
        OrpcExtent ticket = null;
        for (OrpcExtent e : extensions) {
            if (e.id().equals(ID)) {
                if (ticket != null) {
                    return new Verdict.Refused("the call carries two caller tickets");
                }
                ticket = e;
            }
        }
        if (ticket == null) {
            return new Verdict.None();
        }
        byte[] data = ticket.data().toArray();
        if (data.length < 5 + TAG_LENGTH || data[0] != VERSION) {
            return new Verdict.Refused("the caller ticket is malformed (" + data.length + " octets, version "
                    + (data.length > 0 ? data[0] : -1) + ")");
        }
        long n = (data[1] & 0xFFL) | (data[2] & 0xFFL) << 8 | (data[3] & 0xFFL) << 16 | (data[4] & 0xFFL) << 24;
        if (n > MAX_BODY || 5 + n + TAG_LENGTH != data.length) {
            return new Verdict.Refused("the caller ticket's length " + n + " does not match its " + data.length
                    + " octets");
        }
        int body = 5 + (int) n;
        byte[] expected = tag(key, data, body);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, body, data.length))) {
            return new Verdict.Refused("the caller ticket was not issued for this server (its tag does not"
                    + " verify): a forged, altered or misdirected identity");
        }
        try (JsonParser p = STREAMS.createParser(data, 5, (int) n)) {
            return read(p, peer);
        } catch (IOException e) {
            return new Verdict.Refused("the caller ticket is not JSON: " + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    /**
     * Reads a ticket's verified JSON: {@code {"principal":{…},"session":N|null,"remote":bool,"peer":"account"}},
     * other fields skipped, the last of a repeated field taken.
     */
    private static Verdict read(JsonParser p, String peer) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return new Verdict.Refused("the caller ticket lacks its fields");
        }
        String ticketPeer = null;
        Boolean remote = null;
        JsonToken session = null;
        long sessionId = 0;
        Principal principal = null;
        String principalProblem = "a principal needs a string name, a string sid and a groups array";
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "peer" -> ticketPeer = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "remote" -> remote = value.isBoolean() ? value == JsonToken.VALUE_TRUE : null;
                case "session" -> {
                    session = value;
                    sessionId = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                }
                case "principal" -> {
                    try {
                        principal = PrincipalJson.read(p);   // reads the whole value, even when it refuses it
                    } catch (IllegalArgumentException e) {
                        principal = null;
                        principalProblem = e.getMessage();
                    }
                }
                default -> { }
            }
            if (!field.equals("principal")) {
                p.skipChildren();   // a value that is an object or an array, where none belongs
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            return new Verdict.Refused("the caller ticket is not JSON: it does not end where its object ends");
        }
        if (ticketPeer == null || remote == null) {
            return new Verdict.Refused("the caller ticket lacks its fields");
        }
        if (!ticketPeer.equals(peer)) {
            return new Verdict.Refused("the caller ticket was handed to account " + ticketPeer
                    + ", but the call comes from " + peer);
        }
        if (principal == null) {
            return new Verdict.Refused("the caller ticket's principal is malformed: " + principalProblem);
        }
        if (remote || session == null || session == JsonToken.VALUE_NULL) {
            return new Verdict.Valid(Caller.remote(principal));
        }
        if (session != JsonToken.VALUE_NUMBER_INT) {
            return new Verdict.Refused("the caller ticket's session is not a number");
        }
        return new Verdict.Valid(Caller.local(principal, sessionId));
    }

    /** SHA-256's block size in octets, the size of HMAC's pads (RFC 2104). */
    private static final int BLOCK = 64;

    /**
     * HMAC-SHA256 (RFC 2104) of the first {@code length} octets, over the JDK's SHA-256 digest. Written out rather
     * than taken from {@code javax.crypto.Mac}: the JCA finds an HMAC only in SunJCE, and on the way loads every
     * provider listed before it (EC, TLS, PKCS#11, Kerberos…), a hundred classes that a launched server's first call
     * would wait for; SHA-256 is in the first provider. {@code CallerTicketTest} checks it against the JCA's Mac.
     */
    static byte[] tag(byte[] key, byte[] data, int length) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
        byte[] k = key.length > BLOCK ? sha256.digest(key) : key;
        byte[] pad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x36);
        }
        sha256.update(pad);
        sha256.update(data, 0, length);
        byte[] inner = sha256.digest();
        for (int i = 0; i < BLOCK; i++) {
            pad[i] ^= 0x36 ^ 0x5c;
        }
        sha256.update(pad);
        return sha256.digest(inner);
    }
}
