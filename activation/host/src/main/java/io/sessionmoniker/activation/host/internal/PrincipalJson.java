package io.sessionmoniker.activation.host.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.Sid;
import java.util.ArrayList;
import java.util.List;

/**
 * Principals as JSON, {@code {"name","sid","groups":[…]}}, for the messages between processes (a daemon's answers,
 * the caller identity a call carries). The well-known service accounts come back as themselves.
 */
public final class PrincipalJson {

    private PrincipalJson() {
    }

    /**
     * Encodes a principal.
     *
     * @param p the principal
     * @return the encoding
     */
    public static ObjectNode encode(Principal p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", p.name());
        o.put("sid", p.sid().toString());
        ArrayNode groups = o.putArray("groups");
        p.groups().forEach(g -> groups.add(g.toString()));
        return o;
    }

    /**
     * Decodes a principal.
     *
     * @param o the encoding
     * @return the principal
     * @throws IllegalArgumentException if a field is missing, of the wrong type, or not a SID
     */
    public static Principal decode(JsonNode o) {
        JsonNode name = o == null ? null : o.get("name");
        JsonNode sidText = o == null ? null : o.get("sid");
        JsonNode groupList = o == null ? null : o.get("groups");
        if (name == null || !name.isTextual() || sidText == null || !sidText.isTextual() || groupList == null
                || !groupList.isArray()) {
            throw new IllegalArgumentException("a principal needs a string name, a string sid and a groups array");
        }
        Sid sid = sid(sidText.asText());
        for (Principal wellKnown : List.of(Principal.system(), Principal.localService(), Principal.networkService())) {
            if (wellKnown.sid().equals(sid)) {
                return wellKnown;
            }
        }
        List<Sid> groups = new ArrayList<>();
        for (JsonNode g : groupList) {
            if (!g.isTextual()) {
                throw new IllegalArgumentException("a group must be a SID string, not " + g);
            }
            groups.add(sid(g.asText()));
        }
        return Principal.user(name.asText(), sid).memberOf(groups).build();
    }

    /** A SID string; a malformed one is an {@code IllegalArgumentException} here, as for every bad field. */
    private static Sid sid(String text) {
        try {
            return Sid.parse(text);
        } catch (SecurityDescriptorFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
