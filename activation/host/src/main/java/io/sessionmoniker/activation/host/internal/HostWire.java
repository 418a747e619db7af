package io.sessionmoniker.activation.host.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionEvent;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.policy.ActivationDeniedException;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import io.sessionmoniker.policy.IdentityKind;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.ServerKey;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import io.sessionmoniker.policy.Sid;
import io.sessionmoniker.policy.WtsState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON documents a host daemon and its clients exchange through {@link IHostControl}: principals, callers,
 * decisions, session snapshots, events and errors. Decoding is strict: a document that lacks a field or has one
 * of the wrong type fails with {@code RPC_X_BAD_STUB_DATA}, never with a half-built value.
 */
public final class HostWire {

    /** Jackson, shared: thread-safe once configured. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private HostWire() {
    }

    /**
     * Parses a document.
     *
     * @param text the JSON
     * @return the root object
     * @throws ComException {@code RPC_X_BAD_STUB_DATA} if it is not a JSON object
     */
    public static ObjectNode parse(String text) {
        try {
            JsonNode n = JSON.readTree(text == null ? "" : text);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            throw bad("not JSON: " + e.getOriginalMessage());
        }
        throw bad("not a JSON object");
    }

    /**
     * Writes a document.
     *
     * @param node the document
     * @return its text
     */
    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree cannot be written: " + e.getMessage(), e);
        }
    }

    // ---- principals and callers

    /**
     * Encodes a principal.
     *
     * @param p the principal
     * @return {@code {"name","sid","groups":[…]}}
     */
    public static ObjectNode principal(Principal p) {
        return PrincipalJson.encode(p);
    }

    /**
     * Decodes a principal.
     *
     * @param o the encoding
     * @return the principal
     */
    public static Principal principal(JsonNode o) {
        try {
            return PrincipalJson.decode(o);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /**
     * Encodes a caller as a request: the daemon resolves the account by name in its own directory.
     *
     * @param c the caller, or empty for the daemon's default
     * @return {@code {"user","session","remote"}}
     */
    public static ObjectNode callerRequest(Optional<Caller> c) {
        ObjectNode o = JSON.createObjectNode();
        if (c.isEmpty()) {
            o.putNull("user");
            o.putNull("session");
            o.put("remote", false);
            return o;
        }
        o.put("user", c.get().principal().name());
        if (c.get().session().isPresent()) {
            o.put("session", c.get().session().getAsLong());
        } else {
            o.putNull("session");
        }
        o.put("remote", c.get().isRemote());
        return o;
    }

    /**
     * Encodes a resolved caller.
     *
     * @param c the caller
     * @return {@code {"principal":{…},"session":N|null}}
     */
    public static ObjectNode caller(Caller c) {
        ObjectNode o = JSON.createObjectNode();
        o.set("principal", principal(c.principal()));
        if (c.session().isPresent()) {
            o.put("session", c.session().getAsLong());
        } else {
            o.putNull("session");
        }
        return o;
    }

    /**
     * Decodes a resolved caller.
     *
     * @param o the encoding
     * @return the caller
     */
    public static Caller caller(JsonNode o) {
        Principal p = principal(field(o, "principal"));
        JsonNode s = field(o, "session");
        return s.isNull() ? Caller.remote(p) : Caller.local(p, s.asLong());
    }

    // ---- decisions

    /**
     * Encodes a decision.
     *
     * @param d the decision
     * @return the encoding
     */
    public static ObjectNode decision(Decision d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("outcome", d.outcome().name());
        ArrayNode trace = o.putArray("trace");
        d.trace().forEach(trace::add);
        if (d.isAllowed()) {
            ServerKey k = d.serverKey();
            ObjectNode key = o.putObject("key");
            key.put("clsid", k.clsid().toString());
            key.put("identity", k.identity().name());
            key.put("userSid", k.user().toString());
            key.put("session", k.sessionId());
            key.put("windowStation", k.windowStation());
            key.put("desktop", k.desktop());
            o.set("user", principal(d.user()));
            o.put("fallback", d.fallback());
            o.put("mayLaunch", d.mayLaunch());
        } else if (d.outcome() == Decision.Outcome.DENIED) {
            o.put("hresult", d.hresult());
            o.put("reason", d.reason());
        }
        return o;
    }

    /**
     * Decodes a decision.
     *
     * @param o the encoding
     * @return the decision
     */
    public static Decision decision(JsonNode o) {
        List<String> trace = new ArrayList<>();
        for (JsonNode t : array(o, "trace")) {
            trace.add(t.asText());
        }
        String outcome = text(o, "outcome");
        if (outcome.equals(Decision.Outcome.ALLOWED.name())) {
            JsonNode k = field(o, "key");
            IdentityKind identity;
            try {
                identity = IdentityKind.valueOf(text(k, "identity"));
            } catch (IllegalArgumentException e) {
                throw bad("unknown identity " + text(k, "identity"));
            }
            ServerKey key = new ServerKey(guid(text(k, "clsid")), identity, sid(text(k, "userSid")),
                    number(k, "session"), text(k, "windowStation"), text(k, "desktop"));
            return Decision.allowed(trace, key, principal(field(o, "user")), bool(o, "fallback"),
                    bool(o, "mayLaunch"));
        }
        if (outcome.equals(Decision.Outcome.DENIED.name())) {
            return Decision.denied(trace, (int) number(o, "hresult"), text(o, "reason"));
        }
        throw bad("unexpected decision outcome " + outcome);
    }

    // ---- sessions

    /**
     * Encodes a session snapshot.
     *
     * @param snap the snapshot
     * @return {@code {"consoleSessionId":N,"sessions":[…]}}, N being the console session's number or, with no
     *     session attached, {@link SessionId#NO_CONSOLE}'s wire value 4294967295
     */
    public static ObjectNode snapshot(SessionSnapshot snap) {
        ObjectNode o = JSON.createObjectNode();
        o.put("consoleSessionId", snap.consoleSessionId().wireValue());
        ArrayNode list = o.putArray("sessions");
        for (SessionView s : snap.sessions()) {
            ObjectNode j = list.addObject();
            j.put("id", s.id());
            j.put("name", s.name());
            j.put("state", s.state().label());
            if (s.user().isPresent()) {
                j.set("user", principal(s.user().get()));
            } else {
                j.putNull("user");
            }
            j.put("console", s.console());
        }
        return o;
    }

    /**
     * Decodes a session snapshot.
     *
     * @param o the encoding
     * @return the snapshot
     */
    public static SessionSnapshot snapshot(JsonNode o) {
        List<SessionView> views = new ArrayList<>();
        for (JsonNode j : array(o, "sessions")) {
            WtsState state;
            try {
                state = WtsState.fromLabel(text(j, "state"));
            } catch (IllegalArgumentException e) {
                throw bad("unknown session state " + text(j, "state"));
            }
            JsonNode user = field(j, "user");
            views.add(new SessionView(number(j, "id"), text(j, "name"), state,
                    user.isNull() ? Optional.empty() : Optional.of(principal(user)), bool(j, "console")));
        }
        return SessionSnapshot.of(views, SessionId.fromConsoleWire(number(o, "consoleSessionId")));
    }

    /**
     * Encodes a session notification.
     *
     * @param e the event
     * @return the encoding
     */
    public static ObjectNode event(SessionEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("sequence", e.sequence());
        o.put("change", e.change().value());
        o.put("session", e.sessionId());
        if (e.user().isPresent()) {
            o.put("user", e.user().get());
        } else {
            o.putNull("user");
        }
        return o;
    }

    /**
     * Decodes a session notification.
     *
     * @param o the encoding
     * @return the event
     */
    public static SessionEvent event(JsonNode o) {
        SessionChange change;
        try {
            change = SessionChange.fromValue((int) number(o, "change"));
        } catch (IllegalArgumentException e) {
            throw bad("unknown session change " + field(o, "change"));
        }
        JsonNode user = field(o, "user");
        return new SessionEvent(number(o, "sequence"), change, number(o, "session"),
                user.isNull() ? Optional.empty() : Optional.of(user.asText()));
    }

    // ---- errors

    /**
     * Encodes a failure so that the client can throw the same exception.
     *
     * @param e the failure
     * @return {@code {"error":{"hresult","message","kind",…}}}
     */
    public static ObjectNode error(RuntimeException e) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode o = root.putObject("error");
        if (e instanceof ComException c) {
            o.put("hresult", c.hresult());
            o.put("message", String.valueOf(c.getMessage()));
            if (c instanceof MonikerSyntaxException s) {
                o.put("kind", "syntax");
                o.put("input", s.input());
                o.put("index", s.index());
            } else if (c instanceof ActivationDeniedException d) {
                o.put("kind", "denied");
                if (d.decision() != null) {
                    o.set("decision", decision(d.decision()));
                } else {
                    o.put("kind", "com");
                }
            } else {
                o.put("kind", "com");
            }
        } else {
            o.put("hresult", e instanceof IllegalArgumentException ? HResult.E_INVALIDARG : HResult.E_FAIL);
            o.put("kind", e instanceof IllegalArgumentException ? "argument" : "internal");
            o.put("message", String.valueOf(e.getMessage()));
        }
        return root;
    }

    /**
     * Throws the failure an answer carries, if it carries one.
     *
     * @param answer the answer
     * @return the answer, when it is not a failure
     * @throws ComException the failure, rebuilt: {@link MonikerSyntaxException}, {@link ActivationDeniedException},
     *     or {@link ComException}
     * @throws IllegalArgumentException for a request the daemon found invalid (an unknown user, a bad session id)
     */
    public static ObjectNode check(ObjectNode answer) {
        JsonNode e = answer.get("error");
        if (e == null) {
            return answer;
        }
        String kind = text(e, "kind");
        String message = text(e, "message");
        int hresult = (int) number(e, "hresult");
        switch (kind) {
            case "syntax" -> {
                String input = text(e, "input");
                int index = (int) number(e, "index");
                if (index < 0 || index > input.length()) {
                    throw bad("syntax error position " + index + " outside its input");
                }
                throw new MonikerSyntaxException(hresult, input, index, message);
            }
            case "denied" -> {
                Decision d = decision(field(e, "decision"));
                throw d.toException().orElseThrow(() -> bad("a denial whose decision allows"));
            }
            case "argument" -> throw new IllegalArgumentException(message);
            default -> throw new ComException(hresult, message);
        }
    }

    // ---- field access

    /**
     * Returns a required field.
     *
     * @param o the object
     * @param name the field
     * @return its value (maybe JSON null)
     */
    public static JsonNode field(JsonNode o, String name) {
        JsonNode v = o == null ? null : o.get(name);
        if (v == null) {
            throw bad("the field \"" + name + "\" is missing");
        }
        return v;
    }

    /**
     * Returns a required text field.
     *
     * @param o the object
     * @param name the field
     * @return the text
     */
    public static String text(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isTextual()) {
            throw bad("the field \"" + name + "\" must be a string");
        }
        return v.asText();
    }

    /**
     * Returns an optional text field.
     *
     * @param o the object
     * @param name the field
     * @return the text, or empty when missing or null
     */
    public static Optional<String> optionalText(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw bad("the field \"" + name + "\" must be a string");
        }
        return Optional.of(v.asText());
    }

    /**
     * Returns a required integral field.
     *
     * @param o the object
     * @param name the field
     * @return the number
     */
    public static long number(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw bad("the field \"" + name + "\" must be an integer");
        }
        return v.asLong();
    }

    /**
     * Returns an optional integral field.
     *
     * @param o the object
     * @param name the field
     * @return the number, or empty when missing or null
     */
    public static OptionalLong optionalNumber(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(number(o, name));
    }

    /**
     * Returns a required boolean field.
     *
     * @param o the object
     * @param name the field
     * @return the value
     */
    public static boolean bool(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isBoolean()) {
            throw bad("the field \"" + name + "\" must be true or false");
        }
        return v.asBoolean();
    }

    private static JsonNode array(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isArray()) {
            throw bad("the field \"" + name + "\" must be an array");
        }
        return v;
    }

    private static Sid sid(String text) {
        try {
            return Sid.parse(text);
        } catch (SecurityDescriptorFormatException e) {
            throw bad("bad SID " + text + ": " + e.getMessage());
        }
    }

    private static Guid guid(String text) {
        try {
            return Guid.parse(text);
        } catch (ComException e) {
            throw bad("bad GUID " + text + ": " + e.getMessage());
        }
    }

    private static ComException bad(String what) {
        return new ComException(HResult.RPC_X_BAD_STUB_DATA, "the host daemon's message is malformed: " + what);
    }
}
