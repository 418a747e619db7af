package io.sessionmoniker.activation.host.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.Sid;
import java.io.IOException;
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
        List<String> groups = new ArrayList<>();
        for (JsonNode g : groupList) {
            if (!g.isTextual()) {
                throw new IllegalArgumentException("a group must be a SID string, not " + g);
            }
            groups.add(g.asText());
        }
        return principal(name.asText(), sidText.asText(), groups);
    }

    /**
     * Reads a principal from a streaming parser, without the data-binding layer (a server reads the principal of
     * each caller ticket so). The parser is on the value's first token; the whole value is read, also when it is
     * refused, so the parser is then on its last token.
     *
     * @param p the parser
     * @return the principal
     * @throws IllegalArgumentException if a field is missing, of the wrong type, or not a SID
     * @throws IOException if the JSON itself is malformed
     */
    public static Principal read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new IllegalArgumentException("a principal needs a string name, a string sid and a groups array");
        }
        String name = null;
        String sid = null;
        List<String> groups = null;
        String badGroup = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "sid" -> sid = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "groups" -> {
                    groups = value == JsonToken.START_ARRAY ? new ArrayList<>() : null;
                    badGroup = null;
                    if (groups != null) {
                        for (JsonToken g = p.nextToken(); g != null && g != JsonToken.END_ARRAY; g = p.nextToken()) {
                            if (g == JsonToken.VALUE_STRING) {
                                groups.add(p.getText());
                            } else if (badGroup == null) {
                                badGroup = g.isScalarValue() ? p.getText() : g.asString();
                            }
                            p.skipChildren();
                        }
                    }
                }
                default -> { }
            }
            if (!field.equals("groups")) {
                p.skipChildren();
            }
        }
        if (name == null || sid == null || groups == null) {
            throw new IllegalArgumentException("a principal needs a string name, a string sid and a groups array");
        }
        if (badGroup != null) {
            throw new IllegalArgumentException("a group must be a SID string, not " + badGroup);
        }
        return principal(name, sid, groups);
    }

    /** The principal of a name, a SID string and group SID strings; the well-known service accounts as themselves. */
    private static Principal principal(String name, String sidText, List<String> groupTexts) {
        Sid sid = sid(sidText);
        for (Principal wellKnown : List.of(Principal.system(), Principal.localService(), Principal.networkService())) {
            if (wellKnown.sid().equals(sid)) {
                return wellKnown;
            }
        }
        List<Sid> groups = new ArrayList<>();
        for (String g : groupTexts) {
            groups.add(sid(g));
        }
        return Principal.user(name, sid).memberOf(groups).build();
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
