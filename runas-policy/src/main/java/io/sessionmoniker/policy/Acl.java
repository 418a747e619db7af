package io.sessionmoniker.policy;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * An access control list: a revision and an ordered list of {@link Ace}s.
 *
 * <p>Immutable. Order matters: access checks walk the entries first to last, so a deny before an allow wins.
 * An empty list is meaningful: as a DACL it grants nothing to anyone (unlike a missing or NULL DACL).
 *
 * <pre>{@code
 * Acl acl = Acl.of(Ace.deny(Sid.NETWORK, ComRights.ALL), Ace.allow(Sid.EVERYONE, ComRights.ALL));
 * acl.size();        // 2
 * acl.byteSize();    // 8 + 20 + 20 = 48
 * acl.toString();    // "(D;;CCDCLCSWRP;;;NU)(A;;CCDCLCSWRP;;;WD)"
 * }</pre>
 */
public final class Acl implements Iterable<Ace> {

    /** {@code ACL_REVISION}: ACLs without object ACEs. */
    public static final int REVISION = 2;
    /** {@code ACL_REVISION_DS}: ACLs that may hold object ACEs. */
    public static final int REVISION_DS = 4;
    /** Size of the {@code ACL} header. */
    public static final int HEADER_SIZE = 8;

    /** The empty ACL, revision 2. */
    public static final Acl EMPTY = new Acl(REVISION, List.of());

    private final int revision;
    private final List<Ace> aces;

    private Acl(int revision, List<Ace> aces) {
        this.revision = revision;
        this.aces = aces;
    }

    /**
     * Creates a revision-2 ACL.
     *
     * @param aces the entries, in order
     * @return the ACL
     */
    public static Acl of(Ace... aces) {
        return of(REVISION, List.of(aces));
    }

    /**
     * Creates a revision-2 ACL.
     *
     * @param aces the entries, in order
     * @return the ACL
     */
    public static Acl of(List<Ace> aces) {
        return of(REVISION, aces);
    }

    /**
     * Creates an ACL with an explicit revision, as read from a binary descriptor.
     *
     * @param revision {@link #REVISION} or {@link #REVISION_DS}
     * @param aces the entries, in order
     * @return the ACL
     * @throws IllegalArgumentException if the revision is neither 2 nor 4, or the ACL would not fit in the
     *     16-bit {@code AclSize}
     */
    public static Acl of(int revision, List<Ace> aces) {
        if (revision != REVISION && revision != REVISION_DS) {
            throw new IllegalArgumentException("ACL revision must be 2 or 4, not " + revision);
        }
        List<Ace> copy = List.copyOf(aces);
        long size = HEADER_SIZE;
        for (Ace ace : copy) {
            size += ace.byteSize();
        }
        if (size > 0xFFFF) {
            throw new IllegalArgumentException("an ACL of " + size + " bytes does not fit the 16-bit AclSize");
        }
        return new Acl(revision, copy);
    }

    /**
     * Returns the ACL revision.
     *
     * @return 2 or 4
     */
    public int revision() {
        return revision;
    }

    /**
     * Returns the entries in order.
     *
     * @return an unmodifiable list
     */
    public List<Ace> aces() {
        return aces;
    }

    /**
     * Returns one entry.
     *
     * @param index 0-based
     * @return the ACE
     */
    public Ace get(int index) {
        return aces.get(index);
    }

    /**
     * Returns the number of entries.
     *
     * @return the {@code AceCount}
     */
    public int size() {
        return aces.size();
    }

    /**
     * Returns whether there are no entries.
     *
     * @return true for an empty ACL
     */
    public boolean isEmpty() {
        return aces.isEmpty();
    }

    /**
     * Returns the size of the binary form this module writes: the header plus each ACE.
     *
     * @return the {@code AclSize}
     */
    public int byteSize() {
        int size = HEADER_SIZE;
        for (Ace ace : aces) {
            size += ace.byteSize();
        }
        return size;
    }

    @Override
    public Iterator<Ace> iterator() {
        return aces.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Acl other && revision == other.revision && aces.equals(other.aces);
    }

    @Override
    public int hashCode() {
        return Objects.hash(revision, aces);
    }

    /**
     * Returns the ACEs as SDDL writes them, concatenated.
     *
     * @return for example {@code "(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;BA)"}, or {@code ""} when empty
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Ace ace : aces) {
            out.append(ace);
        }
        return out.toString();
    }
}
