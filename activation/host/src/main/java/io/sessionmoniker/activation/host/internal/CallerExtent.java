package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The caller's identity as an ORPCTHIS extension, so that a server can check its {@code AccessPermission} on every
 * call as Windows does with the caller's token. In the embedded host every process runs as the same OS account, so
 * the identity the host activated for travels in the call instead: the host's proxies carry the caller they were
 * made for, and {@link io.sessionmoniker.activation.server.LocalServer} checks it. MS-DCOM peers ignore extensions they do
 * not know (MS-DCOM 2.2.21.4), so the extension costs foreign clients nothing.
 *
 * <p>The body is UTF-8 JSON: {@code {"principal":{"name","sid","groups":[…]},"session":N|null,"remote":bool}}.
 * It is a claim, not a proof: the host socket's directory is owner-only, so only processes of the host's own
 * account can make calls at all.
 */
public final class CallerExtent {

    /** The extension's id. */
    public static final Guid ID = Guid.parse("5E55A0A0-0000-4000-8000-0000000000E1");

    private static final ObjectMapper JSON = new ObjectMapper();

    private CallerExtent() {
    }

    /**
     * Encodes a caller.
     *
     * @param caller the caller
     * @return the extension
     */
    public static OrpcExtent of(Caller caller) {
        ObjectNode o = JSON.createObjectNode();
        o.set("principal", PrincipalJson.encode(caller.principal()));
        if (caller.session().isPresent()) {
            o.put("session", caller.session().getAsLong());
        } else {
            o.putNull("session");
        }
        o.put("remote", caller.isRemote());
        try {
            return new OrpcExtent(ID, Bytes.copyOf(JSON.writeValueAsBytes(o)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * Finds the caller among a call's extensions.
     *
     * @param extensions the ORPCTHIS extensions
     * @return the caller, or empty when the call carries none
     * @throws IllegalArgumentException if the extension is present but malformed
     */
    public static Optional<Caller> find(List<OrpcExtent> extensions) {
        for (OrpcExtent e : extensions) {
            if (e.id().equals(ID)) {
                return Optional.of(decode(e.data()));
            }
        }
        return Optional.empty();
    }

    private static Caller decode(Bytes data) {
        JsonNode o;
        try {
            o = JSON.readTree(new String(data.toArray(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the caller extension is not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("the caller extension is not a JSON object");
        }
        Principal p = PrincipalJson.decode(o.get("principal"));
        JsonNode session = o.get("session");
        JsonNode remote = o.get("remote");
        if (remote == null || !remote.isBoolean() || session == null
                || !(session.isNull() || session.isIntegralNumber())) {
            throw new IllegalArgumentException("the caller extension needs a session (number or null) and remote");
        }
        if (remote.asBoolean() || session.isNull()) {
            return Caller.remote(p);
        }
        return Caller.local(p, session.asLong());
    }
}
