package io.sessionmoniker.activation.windows;

import com.sun.jna.Pointer;
import io.sessionmoniker.moniker.Guid;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One counted reference to a COM interface, as the {@link WindowsMonikerBinder} returned it: the raw interface
 * pointer, the IID it was asked for, and the duty to call {@code IUnknown::Release} exactly once, which
 * {@link #close()} does (on the binder's COM thread).
 *
 * <p>The pointer can be handed to jna-platform's COM classes, e.g. {@code new com.sun.jna.platform.win32.COM.Dispatch(new Pointer(ref.address()))}
 * for an {@code IID_IDispatch} reference; those must not release it themselves. Closing the binder releases every
 * reference it handed out that is still open. Thread-safe; closing twice is harmless.
 *
 * <pre>{@code
 * try (ComReference factory = binder.bind("Session:2!clsid:10000013-0000-0000-0000-000000000001",
 *         WindowsMonikerBinder.IID_ICLASSFACTORY);
 *      ComReference unknown = factory.queryInterface(WindowsMonikerBinder.IID_IUNKNOWN)) {
 *     long address = unknown.address();
 * }
 * }</pre>
 */
public final class ComReference implements AutoCloseable {

    /** What the binder provides to a reference. */
    interface Owner {
        /**
         * Releases a pointer of a reference being closed.
         *
         * @param reference the reference
         * @param pointer its pointer, taken from it
         */
        void release(ComReference reference, Pointer pointer);

        /**
         * Queries an interface of a live pointer.
         *
         * @param pointer the pointer
         * @param iid the interface
         * @return a new reference
         */
        ComReference queryInterface(Pointer pointer, Guid iid);
    }

    private final AtomicReference<Pointer> pointer;
    private final Guid iid;
    private final Owner owner;

    ComReference(Pointer pointer, Guid iid, Owner owner) {
        this.pointer = new AtomicReference<>(Objects.requireNonNull(pointer, "pointer"));
        this.iid = Objects.requireNonNull(iid, "iid");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /**
     * Returns the interface pointer's address, for code that calls the interface itself (with jna-platform:
     * {@code new com.sun.jna.platform.win32.COM.Dispatch(new Pointer(ref.address()))}). It stays valid until
     * {@link #close()}; do not release it.
     *
     * @return the address
     * @throws IllegalStateException after {@link #close()}
     */
    public long address() {
        return Pointer.nativeValue(pointer());
    }

    /** The interface pointer, for this package's native calls. */
    Pointer pointer() {
        Pointer p = pointer.get();
        if (p == null) {
            throw new IllegalStateException("this COM reference (" + iid.toBracedString() + ") is closed");
        }
        return p;
    }

    /**
     * Returns the IID the pointer was obtained for.
     *
     * @return the IID
     */
    public Guid iid() {
        return iid;
    }

    /**
     * Tells whether the reference is still held.
     *
     * @return {@code false} after {@link #close()} (or after the binder was closed)
     */
    public boolean isOpen() {
        return pointer.get() != null;
    }

    /**
     * Asks the object for another interface ({@code IUnknown::QueryInterface}).
     *
     * @param other the IID wanted
     * @return a new reference, to be closed separately
     * @throws io.sessionmoniker.moniker.ComException {@code E_NOINTERFACE} when the object lacks it
     * @throws IllegalStateException after {@link #close()}
     */
    public ComReference queryInterface(Guid other) {
        return owner.queryInterface(pointer(), Objects.requireNonNull(other, "other"));
    }

    /** Releases the reference ({@code IUnknown::Release}) once; later calls do nothing. */
    @Override
    public void close() {
        Pointer p = take();
        if (p != null) {
            owner.release(this, p);
        }
    }

    /** Takes the pointer out, leaving the reference closed; the caller releases it. */
    Pointer take() {
        return pointer.getAndSet(null);
    }

    @Override
    public String toString() {
        return "ComReference[" + iid.toBracedString() + (isOpen() ? ", open]" : ", closed]");
    }
}
