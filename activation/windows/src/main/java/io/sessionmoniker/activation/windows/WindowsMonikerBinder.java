package io.sessionmoniker.activation.windows;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.sessionmoniker.activation.windows.internal.BIND_OPTS3;
import io.sessionmoniker.activation.windows.internal.BindOptionsEncoder;
import io.sessionmoniker.activation.windows.internal.ComApartment;
import io.sessionmoniker.activation.windows.internal.ComNatives;
import io.sessionmoniker.activation.windows.internal.JnaComNatives;
import io.sessionmoniker.activation.windows.internal.NativeGuid;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.moniker.MonikerParser;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds display names such as {@code Session:2!clsid:…} with Windows' own COM: the Windows backend's activation
 * path, before the project's {@code Activator} API wraps it.
 *
 * <p>{@link #bind} does what Microsoft's session-moniker sample does, on a COM thread of the binder's own (see
 * below):
 * <ol>
 *   <li>validates the name with the project's {@link MonikerParser}, on the calling thread, so a malformed name
 *       fails with a {@link MonikerSyntaxException} that names the position, before Windows sees it;</li>
 *   <li>{@code CreateBindCtx}; {@code IBindCtx::GetBindOptions} into a {@code BIND_OPTS3}; sets
 *       {@code dwClassContext} ({@code CLSCTX_LOCAL_SERVER} by default) and {@code dwTickCountDeadline} from the
 *       {@link BindOptions}; {@code IBindCtx::SetBindOptions};</li>
 *   <li>{@code MkParseDisplayName} with the name as given; {@code IMoniker::BindToObject(pbc, NULL, iid, &ppv)};</li>
 *   <li>releases the moniker and the bind context on every path, and returns the interface pointer as a
 *       {@link ComReference}.</li>
 * </ol>
 * {@link #getObject} is the one-call alternative, {@code CoGetObject} with a complete {@code BIND_OPTS3}. Either way
 * a failure becomes a {@link ComException} carrying Windows' HRESULT ({@link WindowsHResults}); a
 * {@code MK_E_SYNTAX} from Windows becomes a {@link MonikerSyntaxException} at the position Windows reported.
 * {@code Session:N!clsid:X} yields the class object (ask for {@link #IID_ICLASSFACTORY}); {@code Session:N!new:X}
 * an instance.
 *
 * <p><b>COM thread.</b> Every COM call runs on one dedicated daemon thread, which calls
 * {@code CoInitializeEx(NULL, COINIT_MULTITHREADED)} when the binder is built and {@code CoUninitialize} when it
 * is closed, so the binder never changes the apartment of the caller's threads. The references it returns belong
 * to the multithreaded apartment; they are released on that thread too.
 *
 * <p><b>Untrusted input.</b> {@code MkParseDisplayName} can instantiate arbitrary registered classes while parsing
 * (through {@code ProgID:} names and {@code IParseDisplayName}). The binder only passes names the project's parser
 * accepts, and by default that parser accepts no ProgIDs ({@link Builder#resolveProgIds}); still, do not bind
 * names that come from untrusted users.
 *
 * <p>Thread-safe. Not yet run on Windows by this project; see {@code activation/README.md}, "On Windows".
 *
 * <pre>{@code
 * try (WindowsMonikerBinder binder = WindowsMonikerBinder.builder()
 *         .defaultOptions(BindOptions.defaults().withDeadline(Duration.ofSeconds(30)))
 *         .build();
 *      ComReference factory = binder.bind("Session:Console!clsid:10000013-0000-0000-0000-000000000001",
 *              WindowsMonikerBinder.IID_ICLASSFACTORY)) {
 *     long classFactory = factory.address();
 * }
 * }</pre>
 */
public final class WindowsMonikerBinder implements AutoCloseable {

    /** {@code IID_IUnknown}, {@code {00000000-0000-0000-C000-000000000046}}. */
    public static final Guid IID_IUNKNOWN = Guid.of(0x00000000_0000_0000L, 0xC000_0000_0000_0046L);
    /** {@code IID_IClassFactory}, {@code {00000001-0000-0000-C000-000000000046}}: what {@code clsid:} binds to. */
    public static final Guid IID_ICLASSFACTORY = Guid.of(0x00000001_0000_0000L, 0xC000_0000_0000_0046L);
    /** {@code IID_IDispatch}, {@code {00020400-0000-0000-C000-000000000046}}. */
    public static final Guid IID_IDISPATCH = Guid.of(0x00020400_0000_0000L, 0xC000_0000_0000_0046L);

    private static final System.Logger LOG = System.getLogger(WindowsMonikerBinder.class.getName());

    private final ComNatives natives;
    private final ComApartment apartment;
    private final MonikerParser parser;
    private final BindOptions defaults;
    private final Set<ComReference> open = ConcurrentHashMap.newKeySet();
    private final ComReference.Owner owner = new Owner();
    private volatile boolean closed;

    WindowsMonikerBinder(ComNatives natives, ComApartment apartment, MonikerParser parser, BindOptions defaults) {
        this.natives = Objects.requireNonNull(natives, "natives");
        this.apartment = Objects.requireNonNull(apartment, "apartment");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /**
     * Starts a builder with the defaults: the standard parser without ProgIDs, {@link BindOptions#defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks a display name with the project's parser, without calling Windows. Works on every OS.
     *
     * @param displayName the name
     * @return the parsed moniker
     * @throws MonikerSyntaxException with the position of the first character that could not be parsed
     */
    public Moniker validate(String displayName) {
        return parser.parse(displayName);
    }

    /**
     * Binds a display name with {@code MkParseDisplayName} and {@code IMoniker::BindToObject}, using the
     * binder's default options.
     *
     * @param displayName the name, e.g. {@code Session:2!clsid:10000013-0000-0000-0000-000000000001}
     * @param iid the interface wanted
     * @return the reference; close it
     * @throws MonikerSyntaxException when the project's parser or Windows rejects the name
     * @throws ComException with Windows' HRESULT when a step fails
     * @throws IllegalStateException after {@link #close()}
     */
    public ComReference bind(String displayName, Guid iid) {
        return bind(displayName, iid, defaults);
    }

    /**
     * Binds a display name with {@code MkParseDisplayName} and {@code IMoniker::BindToObject}.
     *
     * @param displayName the name
     * @param iid the interface wanted
     * @param options the class context and deadline
     * @return the reference; close it
     * @throws MonikerSyntaxException when the project's parser or Windows rejects the name
     * @throws ComException with Windows' HRESULT when a step fails
     * @throws IllegalStateException after {@link #close()}
     */
    public ComReference bind(String displayName, Guid iid, BindOptions options) {
        validate(displayName);
        Objects.requireNonNull(iid, "iid");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        return apartment.call("binding " + displayName, () -> bindOnComThread(displayName, iid, options));
    }

    /**
     * Binds a display name with {@code CoGetObject}, using the binder's default options.
     *
     * @param displayName the name
     * @param iid the interface wanted
     * @return the reference; close it
     * @throws MonikerSyntaxException when the project's parser rejects the name
     * @throws ComException with Windows' HRESULT
     * @throws IllegalStateException after {@link #close()}
     */
    public ComReference getObject(String displayName, Guid iid) {
        return getObject(displayName, iid, defaults);
    }

    /**
     * Binds a display name with {@code CoGetObject}, passing a complete {@code BIND_OPTS3} (the {@code BIND_OPTS}
     * defaults {@code CreateBindCtx} documents, the user's default locale, and {@code options}).
     *
     * @param displayName the name
     * @param iid the interface wanted
     * @param options the class context and deadline
     * @return the reference; close it
     * @throws MonikerSyntaxException when the project's parser rejects the name, or Windows returns
     *     {@code MK_E_SYNTAX}
     * @throws ComException with Windows' HRESULT
     * @throws IllegalStateException after {@link #close()}
     */
    public ComReference getObject(String displayName, Guid iid, BindOptions options) {
        validate(displayName);
        Objects.requireNonNull(iid, "iid");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        return apartment.call("CoGetObject " + displayName, () -> {
            BIND_OPTS3 opts = BindOptionsEncoder.fresh(options.classContext(), options.deadline(),
                    natives.tickCount(), natives.userDefaultLcid());
            Memory iidMemory = NativeGuid.allocate(iid);
            PointerByReference out = new PointerByReference();
            int hr = natives.coGetObject(displayName, opts, iidMemory, out);
            if (HResult.failed(hr)) {
                throw failure(hr, "CoGetObject(\"" + displayName + "\", " + iid.toBracedString() + ")",
                        displayName, -1);
            }
            return adopt(out.getValue(), iid, "CoGetObject");
        });
    }

    /**
     * Returns the options {@link #bind(String, Guid)} and {@link #getObject(String, Guid)} use.
     *
     * @return the default options
     */
    public BindOptions defaultOptions() {
        return defaults;
    }

    /**
     * Returns how many references this binder handed out are still open.
     *
     * @return the count
     */
    public int openReferences() {
        return open.size();
    }

    /**
     * Releases every reference still open, leaves the apartment ({@code CoUninitialize}) and ends the COM thread.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Queued behind any bind in progress, so a reference it creates is released here too.
            apartment.call("releasing the binder's references", () -> {
                List<ComReference> left = new ArrayList<>(open);
                open.clear();
                for (ComReference r : left) {
                    Pointer p = r.take();
                    if (p != null) {
                        releaseQuietly(p);
                    }
                }
                return null;
            });
        } catch (IllegalStateException e) {
            // The apartment was already closed.
        } finally {
            apartment.close();
        }
    }

    /**
     * Runs a call on the binder's COM thread (for the activator's Automation calls on references it handed out).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    <T> T onComThread(String operation, java.util.concurrent.Callable<T> call) {
        ensureOpen();
        return apartment.call(operation, call);
    }

    /**
     * On the COM thread: takes over a reference Windows returned from a call on one of this binder's references
     * (an Invoke result, a created instance), so that closing the binder releases it too.
     */
    ComReference adoptReturned(Pointer p, Guid iid, String call) {
        return adopt(p, iid, call);
    }

    /** Releases a pointer nobody adopted, on the COM thread. */
    void releaseOnComThread(Pointer p) {
        releaseQuietly(p);
    }

    private ComReference bindOnComThread(String displayName, Guid iid, BindOptions options) {
        Pointer bindCtx = null;
        Pointer moniker = null;
        try {
            PointerByReference pbc = new PointerByReference();
            WindowsHResults.check(natives.createBindCtx(pbc), "CreateBindCtx");
            bindCtx = pbc.getValue();
            if (bindCtx == null) {
                throw new ComException(HResult.E_POINTER, "CreateBindCtx returned success but no bind context");
            }
            BIND_OPTS3 opts = new BIND_OPTS3();
            WindowsHResults.check(natives.getBindOptions(bindCtx, opts), "IBindCtx::GetBindOptions");
            BindOptionsEncoder.apply(opts, options.classContext(), options.deadline(), natives.tickCount());
            WindowsHResults.check(natives.setBindOptions(bindCtx, opts), "IBindCtx::SetBindOptions");

            IntByReference eaten = new IntByReference();
            PointerByReference pmk = new PointerByReference();
            int hr = natives.mkParseDisplayName(bindCtx, displayName, eaten, pmk);
            moniker = pmk.getValue();       // on failure Windows may leave a partial moniker: release it too
            if (HResult.failed(hr)) {
                throw failure(hr, "MkParseDisplayName(\"" + displayName + "\")", displayName, eaten.getValue());
            }
            if (moniker == null) {
                throw new ComException(HResult.E_POINTER, "MkParseDisplayName returned success but no moniker for \""
                        + displayName + "\"");
            }
            Memory iidMemory = NativeGuid.allocate(iid);
            PointerByReference out = new PointerByReference();
            hr = natives.bindToObject(moniker, bindCtx, iidMemory, out);
            if (HResult.failed(hr)) {
                throw failure(hr, "IMoniker::BindToObject(\"" + displayName + "\", " + iid.toBracedString() + ")",
                        displayName, -1);
            }
            return adopt(out.getValue(), iid, "IMoniker::BindToObject");
        } finally {
            if (moniker != null) {
                releaseQuietly(moniker);
            }
            if (bindCtx != null) {
                releaseQuietly(bindCtx);
            }
        }
    }

    /** On the COM thread: wraps a pointer Windows returned, or releases it if the binder closed meanwhile. */
    private ComReference adopt(Pointer p, Guid iid, String call) {
        if (p == null) {
            throw new ComException(HResult.E_POINTER, call + " returned success but no interface pointer");
        }
        if (closed) {
            releaseQuietly(p);
            throw new IllegalStateException("the Windows moniker binder was closed during " + call);
        }
        ComReference r = new ComReference(p, iid, owner);
        open.add(r);
        return r;
    }

    private static ComException failure(int hr, String call, String displayName, int eaten) {
        ComException e = WindowsHResults.exception(hr, call);
        if (hr == HResult.MK_E_SYNTAX && eaten >= 0) {
            int at = Math.min(eaten, displayName.length());
            return new MonikerSyntaxException(hr, displayName, at, e.getMessage() + " (Windows stopped at index "
                    + at + " in \"" + displayName + "\")");
        }
        return e;
    }

    private void releaseQuietly(Pointer p) {
        try {
            natives.release(p);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "IUnknown::Release failed", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Windows moniker binder is closed");
        }
    }

    /** Releases and queries on the COM thread on behalf of the references. */
    private final class Owner implements ComReference.Owner {
        @Override
        public void release(ComReference reference, Pointer pointer) {
            open.remove(reference);
            try {
                apartment.call("IUnknown::Release", () -> {
                    releaseQuietly(pointer);
                    return null;
                });
            } catch (IllegalStateException e) {
                LOG.log(System.Logger.Level.WARNING, "a COM reference was closed after its binder's COM thread"
                        + " ended; it was not released");
            }
        }

        @Override
        public ComReference queryInterface(Pointer pointer, Guid iid) {
            ensureOpen();
            return apartment.call("IUnknown::QueryInterface(" + iid.toBracedString() + ")", () -> {
                PointerByReference out = new PointerByReference();
                int hr = natives.queryInterface(pointer, NativeGuid.allocate(iid), out);
                if (HResult.failed(hr)) {
                    throw WindowsHResults.exception(hr, "IUnknown::QueryInterface(" + iid.toBracedString() + ")");
                }
                return adopt(out.getValue(), iid, "IUnknown::QueryInterface");
            });
        }
    }

    /**
     * Builds a {@link WindowsMonikerBinder}.
     *
     * <pre>{@code
     * WindowsMonikerBinder binder = WindowsMonikerBinder.builder()
     *         .resolveProgIds(true)                                   // allow Session:1!@My.ProgId
     *         .defaultOptions(BindOptions.defaults().withDeadline(Duration.ofSeconds(20)))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private MonikerParser parser = MonikerParser.standard();
        private boolean resolveProgIds;
        private BindOptions defaults = BindOptions.defaults();

        private Builder() {
        }

        /**
         * Sets the parser that validates names first (default: {@link MonikerParser#standard()}).
         *
         * @param value the parser
         * @return this builder
         */
        public Builder parser(MonikerParser value) {
            this.parser = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Lets validation accept ProgIDs ({@code @My.ProgId}, {@code My.ProgId:}), resolved with Windows'
         * {@code CLSIDFromProgID}. Off by default: ProgID names make {@code MkParseDisplayName} load the class's
         * {@code IParseDisplayName}, which should happen only for trusted names.
         *
         * @param value {@code true} to resolve ProgIDs
         * @return this builder
         */
        public Builder resolveProgIds(boolean value) {
            this.resolveProgIds = value;
            return this;
        }

        /**
         * Sets the options used when a call names none (default: {@link BindOptions#defaults()}).
         *
         * @param value the options
         * @return this builder
         */
        public Builder defaultOptions(BindOptions value) {
            this.defaults = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Starts the COM thread and builds the binder.
         *
         * @return the binder
         * @throws ComException {@link HResult#E_NOTIMPL} when not on Windows, or the HRESULT of
         *     {@code CoInitializeEx}
         */
        public WindowsMonikerBinder build() {
            WindowsBackend.requireSupported();
            return build(new JnaComNatives());
        }

        /** Builds over given natives (tests pass fakes). */
        WindowsMonikerBinder build(ComNatives natives) {
            ComApartment apartment = ComApartment.start("sessionmoniker-com-mta", natives::coInitializeMultithreaded,
                    natives::coUninitialize);
            MonikerParser p = parser;
            if (resolveProgIds) {
                p = parser.toBuilder()
                        .progIdResolver(progId -> apartment.call("CLSIDFromProgID(" + progId + ")",
                                () -> natives.clsidFromProgId(progId)))
                        .build();
            }
            return new WindowsMonikerBinder(natives, apartment, p, defaults);
        }
    }
}
