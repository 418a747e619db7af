package io.sessionmoniker.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A security principal as an access check sees it: a name, a user SID and the group SIDs its token carries.
 *
 * <p>Immutable. The token's groups are derived the way Windows builds a logon token:
 * <ul>
 *   <li>{@link Sid#EVERYONE} always, except for the anonymous logon (since Windows XP, Everyone does not include
 *       Anonymous: KB278259, "Everyone group does not include anonymous security identifier");
 *   <li>the explicit memberships: {@link Sid#BUILTIN_ADMINISTRATORS} for administrators,
 *       {@link Sid#BUILTIN_USERS} for ordinary accounts, any others given;
 *   <li>the logon-type group of {@link #logonType()}: {@link Sid#INTERACTIVE} for a user with an interactive
 *       session, {@link Sid#NETWORK} for a remote caller, {@link Sid#SERVICE} for a service;
 *   <li>{@link Sid#AUTHENTICATED_USERS} for every principal except the anonymous logon.
 * </ul>
 * SYSTEM is a member of Administrators ("LocalSystem Account": its token holds the {@code NT AUTHORITY\SYSTEM}
 * and {@code BUILTIN\Administrators} SIDs).
 *
 * <pre>{@code
 * Principal alice = Principal.user("alice", Sid.machineAccount(1000))
 *         .administrator(true)
 *         .logon(LogonType.INTERACTIVE)
 *         .build();
 * alice.groups();     // [S-1-1-0, S-1-5-32-544, S-1-5-32-545, S-1-5-4, S-1-5-11]
 * alice.hasSid(Sid.INTERACTIVE);   // true
 * Principal.system().isAdministrator();   // true
 * }</pre>
 */
public final class Principal {

    private final String name;
    private final Sid sid;
    private final LogonType logonType;
    private final Set<Sid> memberships;
    private final Set<Sid> groups;

    private Principal(String name, Sid sid, LogonType logonType, Set<Sid> memberships) {
        this.name = name;
        this.sid = sid;
        this.logonType = logonType;
        this.memberships = Collections.unmodifiableSet(new LinkedHashSet<>(memberships));
        boolean anonymous = sid.equals(Sid.ANONYMOUS);
        LinkedHashSet<Sid> all = new LinkedHashSet<>();
        if (!anonymous) {
            all.add(Sid.EVERYONE);
        }
        all.addAll(memberships);
        logonType.groupSid().ifPresent(all::add);
        if (!anonymous) {
            all.add(Sid.AUTHENTICATED_USERS);
        }
        all.remove(sid);
        this.groups = Collections.unmodifiableSet(all);
    }

    /**
     * Returns {@code NT AUTHORITY\SYSTEM}: the LocalSystem account, a member of Administrators, with no
     * logon-type group.
     *
     * @return the SYSTEM principal, named {@code "SYSTEM"}
     */
    public static Principal system() {
        return new Principal("SYSTEM", Sid.LOCAL_SYSTEM, LogonType.NONE, Set.of(Sid.BUILTIN_ADMINISTRATORS));
    }

    /**
     * Returns {@code NT AUTHORITY\LOCAL SERVICE} logged on as a service.
     *
     * @return the principal, named {@code "LOCAL SERVICE"}
     */
    public static Principal localService() {
        return new Principal("LOCAL SERVICE", Sid.LOCAL_SERVICE, LogonType.SERVICE, Set.of(Sid.BUILTIN_USERS));
    }

    /**
     * Returns {@code NT AUTHORITY\NETWORK SERVICE} logged on as a service.
     *
     * @return the principal, named {@code "NETWORK SERVICE"}
     */
    public static Principal networkService() {
        return new Principal("NETWORK SERVICE", Sid.NETWORK_SERVICE, LogonType.SERVICE, Set.of(Sid.BUILTIN_USERS));
    }

    /**
     * Returns the anonymous logon: a network logon whose token holds only {@code ANONYMOUS LOGON} and
     * {@code NETWORK}, without Everyone or Authenticated Users.
     *
     * @return the principal, named {@code "ANONYMOUS LOGON"}
     */
    public static Principal anonymous() {
        return new Principal("ANONYMOUS LOGON", Sid.ANONYMOUS, LogonType.NETWORK, Set.of());
    }

    /**
     * Starts a named user with an explicit SID, for example {@link Sid#machineAccount(long)}. By default the user
     * is a member of {@code BUILTIN\Users}, not an administrator, with {@link LogonType#NONE}.
     *
     * @param name the account name shown in traces, for example {@code "alice"}
     * @param sid the user's SID
     * @return a builder
     */
    public static Builder user(String name, Sid sid) {
        return new Builder(name, sid);
    }

    /**
     * Returns a copy logged on another way, for example {@link LogonType#INTERACTIVE} once the user has a
     * desktop session.
     *
     * @param type the logon type
     * @return the principal with that logon type
     */
    public Principal withLogon(LogonType type) {
        Objects.requireNonNull(type, "type");
        return type == logonType ? this : new Principal(name, sid, type, memberships);
    }

    /**
     * Returns the account name.
     *
     * @return for example {@code "alice"} or {@code "SYSTEM"}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the user SID.
     *
     * @return the SID
     */
    public Sid sid() {
        return sid;
    }

    /**
     * Returns how this principal is logged on.
     *
     * @return the logon type
     */
    public LogonType logonType() {
        return logonType;
    }

    /**
     * Returns the explicit group memberships (Administrators, Users and any others given), without the derived
     * ones.
     *
     * @return an unmodifiable set in insertion order
     */
    public Set<Sid> memberships() {
        return memberships;
    }

    /**
     * Returns every group SID of the token, derived as the class comment says.
     *
     * @return an unmodifiable set: Everyone, memberships, the logon-type group, Authenticated Users
     */
    public Set<Sid> groups() {
        return groups;
    }

    /**
     * Returns the SIDs an access check matches ACEs against: the user SID, then the groups.
     *
     * @return an unmodifiable list
     */
    public List<Sid> tokenSids() {
        List<Sid> all = new ArrayList<>(groups.size() + 1);
        all.add(sid);
        all.addAll(groups);
        return Collections.unmodifiableList(all);
    }

    /**
     * Returns whether the token holds {@code candidate}, as the user SID or a group.
     *
     * @param candidate an ACE's SID
     * @return true if an ACE for {@code candidate} applies to this principal
     */
    public boolean hasSid(Sid candidate) {
        return sid.equals(candidate) || groups.contains(candidate);
    }

    /**
     * Returns whether the token holds {@code BUILTIN\Administrators} (SYSTEM does).
     *
     * @return true for administrators
     */
    public boolean isAdministrator() {
        return groups.contains(Sid.BUILTIN_ADMINISTRATORS);
    }

    /**
     * Returns whether this is {@code NT AUTHORITY\SYSTEM}.
     *
     * @return true for SYSTEM
     */
    public boolean isSystem() {
        return sid.equals(Sid.LOCAL_SYSTEM);
    }

    /**
     * Returns whether this is the anonymous logon.
     *
     * @return true for {@code ANONYMOUS LOGON}
     */
    public boolean isAnonymous() {
        return sid.equals(Sid.ANONYMOUS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Principal other
                && name.equals(other.name)
                && sid.equals(other.sid)
                && logonType == other.logonType
                && memberships.equals(other.memberships);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, sid, logonType, memberships);
    }

    /**
     * Returns the name and SID.
     *
     * @return for example {@code "alice (S-1-5-21-3623811015-3361044348-30300820-1000)"}
     */
    @Override
    public String toString() {
        return name + " (" + sid + ")";
    }

    /**
     * Builds a named user {@link Principal}.
     *
     * <pre>{@code
     * Principal bob = Principal.user("bob", Sid.machineAccount(1001)).interactive(true).build();
     * }</pre>
     */
    public static final class Builder {
        private final String name;
        private final Sid sid;
        private boolean administrator;
        private boolean users = true;
        private LogonType logonType = LogonType.NONE;
        private final LinkedHashSet<Sid> others = new LinkedHashSet<>();

        private Builder(String name, Sid sid) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a principal needs a name");
            }
            this.name = name;
            this.sid = Objects.requireNonNull(sid, "sid");
        }

        /**
         * Sets membership of {@code BUILTIN\Administrators}.
         *
         * @param member true for an administrator
         * @return this builder
         */
        public Builder administrator(boolean member) {
            this.administrator = member;
            return this;
        }

        /**
         * Sets membership of {@code BUILTIN\Users} (true by default).
         *
         * @param member false for an account outside the Users group
         * @return this builder
         */
        public Builder users(boolean member) {
            this.users = member;
            return this;
        }

        /**
         * Adds group memberships.
         *
         * @param sids group SIDs
         * @return this builder
         */
        public Builder memberOf(Collection<Sid> sids) {
            for (Sid s : sids) {
                others.add(Objects.requireNonNull(s, "group SID"));
            }
            return this;
        }

        /**
         * Adds group memberships.
         *
         * @param sids group SIDs
         * @return this builder
         */
        public Builder memberOf(Sid... sids) {
            return memberOf(List.of(sids));
        }

        /**
         * Sets how the user is logged on.
         *
         * @param type the logon type
         * @return this builder
         */
        public Builder logon(LogonType type) {
            this.logonType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Shorthand for {@code logon(INTERACTIVE)} or {@code logon(NONE)}: whether the user has an interactive
         * session, which puts {@link Sid#INTERACTIVE} in the token.
         *
         * @param hasInteractiveSession whether the user is logged on interactively
         * @return this builder
         */
        public Builder interactive(boolean hasInteractiveSession) {
            this.logonType = hasInteractiveSession ? LogonType.INTERACTIVE : LogonType.NONE;
            return this;
        }

        /**
         * Builds the principal.
         *
         * @return the immutable principal
         */
        public Principal build() {
            LinkedHashSet<Sid> memberships = new LinkedHashSet<>();
            if (administrator) {
                memberships.add(Sid.BUILTIN_ADMINISTRATORS);
            }
            if (users) {
                memberships.add(Sid.BUILTIN_USERS);
            }
            memberships.addAll(others);
            return new Principal(name, sid, logonType, memberships);
        }
    }
}
