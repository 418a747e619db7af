package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.internal.Ascii;
import io.sessionmoniker.policy.AccountDirectory;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.Sid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The local accounts of an embedded host: the scenario's users, each with a machine SID
 * ({@code S-1-5-21-…-1000}, {@code -1001}, … in the order given) and group memberships, plus {@code SYSTEM},
 * which always exists. Names compare ASCII case-insensitively, as Windows account names do.
 *
 * <pre>{@code
 * UserDirectory users = UserDirectory.builder()
 *         .user("alice", List.of("Administrators"))
 *         .user("bob", List.of())
 *         .build();
 * users.lookup("ALICE").map(Principal::isAdministrator);   // Optional[true]
 * users.lookup("SYSTEM");                                  // Optional[SYSTEM]
 * }</pre>
 */
public final class UserDirectory implements AccountDirectory {

    /** The first relative id given to a user, as Windows numbers the first local accounts. */
    public static final long FIRST_RID = 1000;

    /** Group names a scenario may use, and their SIDs. */
    private static final Map<String, Sid> GROUPS = Map.of(
            "administrators", Sid.BUILTIN_ADMINISTRATORS,
            "users", Sid.BUILTIN_USERS,
            "remote desktop users", Sid.parse("S-1-5-32-555"),
            "guests", Sid.parse("S-1-5-32-546"),
            "distributed com users", Sid.DISTRIBUTED_COM_USERS);

    private final Map<String, Principal> byKey;

    private UserDirectory(Map<String, Principal> byKey) {
        this.byKey = byKey;
    }

    /**
     * Starts a directory.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<Principal> lookup(String name) {
        return Optional.ofNullable(byKey.get(Ascii.toLowerCase(Objects.requireNonNull(name, "name"))));
    }

    /**
     * Returns the users, {@code SYSTEM} first, then in the order given.
     *
     * @return an unmodifiable list
     */
    public List<Principal> users() {
        return List.copyOf(byKey.values());
    }

    /** Builds a {@link UserDirectory}. */
    public static final class Builder {
        private final Map<String, Principal> byKey = new LinkedHashMap<>();
        private long nextRid = FIRST_RID;

        private Builder() {
            byKey.put("system", Principal.system());
        }

        /**
         * Adds a user.
         *
         * @param name the account name: 1 to 20 characters, none of {@code " / \ [ ] : ; | = , + * ? < >} or
         *             control characters (Windows' rules for local account names)
         * @param groups group names: {@code Administrators}, {@code Users}, {@code Remote Desktop Users},
         *               {@code Guests} (ASCII case-insensitive); every user is in {@code Users}
         * @return this builder
         * @throws IllegalArgumentException for a bad or repeated name or an unknown group
         */
        public Builder user(String name, Collection<String> groups) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.length() > 20 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7F
                    || "\"/\\[]:;|=,+*?<>".indexOf(c) >= 0) || name.isBlank() || name.endsWith(".")) {
                throw new IllegalArgumentException("\"" + name + "\" is not a valid account name (1 to 20 characters,"
                        + " no control characters or any of \" / \\ [ ] : ; | = , + * ? < >, not ending in '.')");
            }
            String key = Ascii.toLowerCase(name);
            if (byKey.containsKey(key)) {
                throw new IllegalArgumentException("user \"" + name + "\" is defined twice (names ignore case; SYSTEM"
                        + " always exists)");
            }
            List<Sid> sids = new ArrayList<>();
            boolean admin = false;
            for (String group : groups) {
                Sid sid = GROUPS.get(Ascii.toLowerCase(group));
                if (sid == null) {
                    throw new IllegalArgumentException("user \"" + name + "\": unknown group \"" + group + "\"; known"
                            + " groups are Administrators, Users, Remote Desktop Users, Guests, Distributed COM Users");
                }
                if (sid.equals(Sid.BUILTIN_ADMINISTRATORS)) {
                    admin = true;
                } else if (!sid.equals(Sid.BUILTIN_USERS)) {
                    sids.add(sid);
                }
            }
            byKey.put(key, Principal.user(name, Sid.machineAccount(nextRid++)).administrator(admin).memberOf(sids).build());
            return this;
        }

        /**
         * Builds the directory.
         *
         * @return an immutable directory
         */
        public UserDirectory build() {
            return new UserDirectory(Collections.unmodifiableMap(new LinkedHashMap<>(byKey)));
        }
    }
}
