package io.sessionmoniker.activation.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.sessionmoniker.activation.windows.internal.BIND_OPTS3;
import io.sessionmoniker.activation.windows.internal.ComNatives;
import io.sessionmoniker.activation.windows.internal.NativeGuid;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The binder's sequence of COM calls, error mapping and releases, over fake natives: runs on every OS. */
class WindowsMonikerBinderTest {

    private static final String NAME = "Session:2!clsid:10000013-0000-0000-0000-000000000001";
    private static final Pointer BIND_CTX = new Pointer(0x1000);
    private static final Pointer MONIKER = new Pointer(0x2000);
    private static final Pointer OBJECT = new Pointer(0x3000);
    private static final Pointer OTHER = new Pointer(0x4000);
    private static final Guid MY_CLSID = Guid.parse("10000013-0000-0000-0000-000000000001");

    /** Records every call as text, with the thread it ran on when that is not the COM thread. */
    static final class FakeCom implements ComNatives {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        int initResult = HResult.S_OK;
        int createResult = HResult.S_OK;
        int setResult = HResult.S_OK;
        int parseResult = HResult.S_OK;
        int parseEaten;
        Pointer parseMoniker = MONIKER;
        int bindResult = HResult.S_OK;
        Pointer bindOut = OBJECT;
        int getObjectResult = HResult.S_OK;
        int qiResult = HResult.S_OK;

        private void log(String call) {
            String thread = Thread.currentThread().getName();
            calls.add(thread.equals("sessionmoniker-com-mta") ? call : call + " ON " + thread);
        }

        @Override
        public int coInitializeMultithreaded() {
            log("CoInitializeEx");
            return initResult;
        }

        @Override
        public void coUninitialize() {
            log("CoUninitialize");
        }

        @Override
        public int createBindCtx(PointerByReference out) {
            log("CreateBindCtx");
            if (createResult >= 0) {
                out.setValue(BIND_CTX);
            }
            return createResult;
        }

        @Override
        public int getBindOptions(Pointer bindCtx, BIND_OPTS3 options) {
            log("GetBindOptions cbStruct=" + options.cbStruct);
            options.grfMode = 0x2;
            options.dwClassContext = 0x15;                     // CLSCTX_SERVER, as a fresh bind context has
            options.locale = 0x0407;
            return HResult.S_OK;
        }

        @Override
        public int setBindOptions(Pointer bindCtx, BIND_OPTS3 options) {
            log("SetBindOptions cbStruct=" + options.cbStruct + " clsctx=" + options.dwClassContext + " deadline="
                    + options.dwTickCountDeadline + " locale=" + Integer.toHexString(options.locale) + " mode="
                    + options.grfMode);
            return setResult;
        }

        @Override
        public int mkParseDisplayName(Pointer bindCtx, String displayName, IntByReference eaten,
                PointerByReference moniker) {
            log("MkParseDisplayName " + displayName);
            eaten.setValue(parseResult >= 0 ? displayName.length() : parseEaten);
            moniker.setValue(parseMoniker);
            return parseResult;
        }

        @Override
        public int bindToObject(Pointer moniker, Pointer bindCtx, Pointer iid, PointerByReference out) {
            log("BindToObject " + NativeGuid.read(iid) + " mk=" + Pointer.nativeValue(moniker) + " pbc="
                    + Pointer.nativeValue(bindCtx));
            out.setValue(bindResult >= 0 ? bindOut : null);
            return bindResult;
        }

        @Override
        public int coGetObject(String displayName, BIND_OPTS3 options, Pointer iid, PointerByReference out) {
            log("CoGetObject " + displayName + " " + NativeGuid.read(iid) + " cbStruct=" + options.cbStruct
                    + " clsctx=" + options.dwClassContext + " deadline=" + options.dwTickCountDeadline + " locale="
                    + Integer.toHexString(options.locale) + " mode=" + options.grfMode);
            out.setValue(getObjectResult >= 0 ? OBJECT : null);
            return getObjectResult;
        }

        @Override
        public int queryInterface(Pointer object, Pointer iid, PointerByReference out) {
            log("QueryInterface " + NativeGuid.read(iid));
            out.setValue(qiResult >= 0 ? OTHER : null);
            return qiResult;
        }

        @Override
        public void release(Pointer object) {
            log("Release " + Pointer.nativeValue(object));
        }

        @Override
        public Optional<Guid> clsidFromProgId(String progId) {
            log("CLSIDFromProgID " + progId);
            return progId.equals("My.Server") ? Optional.of(MY_CLSID) : Optional.empty();
        }

        @Override
        public int tickCount() {
            return 1000;
        }

        @Override
        public int userDefaultLcid() {
            return 0x0409;
        }
    }

    private final FakeCom com = new FakeCom();
    private WindowsMonikerBinder binder = WindowsMonikerBinder.builder().build(com);

    @AfterEach
    void closeBinder() {
        binder.close();
    }

    private List<String> callsAfterInit() {
        return com.calls.subList(1, com.calls.size());
    }

    @Nested
    class Bind {
        @Test
        void followsTheSessionMonikerSampleAndReleasesTheIntermediates() {
            ComReference ref = binder.bind(NAME, WindowsMonikerBinder.IID_ICLASSFACTORY);
            assertEquals(OBJECT, ref.pointer());
            assertEquals(WindowsMonikerBinder.IID_ICLASSFACTORY, ref.iid());
            assertEquals(List.of(
                    "CreateBindCtx",
                    "GetBindOptions cbStruct=48",
                    "SetBindOptions cbStruct=48 clsctx=4 deadline=0 locale=407 mode=2",
                    "MkParseDisplayName " + NAME,
                    "BindToObject 00000001-0000-0000-C000-000000000046 mk=8192 pbc=4096",
                    "Release 8192",                                // the moniker
                    "Release 4096"),                               // the bind context
                    callsAfterInit());
            assertEquals(1, binder.openReferences());
            ref.close();
            ref.close();
            assertEquals("Release 12288", com.calls.get(com.calls.size() - 1));
            assertEquals(0, binder.openReferences());
            assertFalse(ref.isOpen());
            assertThrows(IllegalStateException.class, ref::pointer);
        }

        @Test
        void deadlineAndClassContextGoIntoTheBindOptions() {
            binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN,
                    BindOptions.defaults().withClassContext(0x14).withDeadline(Duration.ofSeconds(30))).close();
            assertTrue(com.calls.contains("SetBindOptions cbStruct=48 clsctx=20 deadline=31000 locale=407 mode=2"),
                    com.calls.toString());
        }

        @Test
        void builderDefaultsApply() {
            binder.close();
            binder = WindowsMonikerBinder.builder()
                    .defaultOptions(BindOptions.defaults().withDeadline(Duration.ofMillis(5)))
                    .build(com);
            binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN).close();
            assertTrue(com.calls.contains("SetBindOptions cbStruct=48 clsctx=4 deadline=1005 locale=407 mode=2"));
        }

        @Test
        void theProjectsParserRejectsFirstAndNamesThePosition() {
            MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class,
                    () -> binder.bind("Session:2x!clsid:10000013-0000-0000-0000-000000000001",
                            WindowsMonikerBinder.IID_IUNKNOWN));
            assertEquals(9, e.index());
            assertEquals(HResult.MK_E_SYNTAX, e.hresult());
            assertEquals(List.of(), callsAfterInit(), "Windows never saw the name");
        }

        @Test
        void windowsSyntaxErrorsKeepWindowsPosition() {
            com.parseResult = HResult.MK_E_SYNTAX;
            com.parseEaten = 10;
            com.parseMoniker = null;
            MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class,
                    () -> binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN));
            assertEquals(10, e.index());
            assertTrue(e.getMessage().startsWith("MkParseDisplayName(\"" + NAME + "\") failed: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(Windows stopped at index 10 in \"" + NAME + "\")"));
            assertEquals("Release 4096", com.calls.get(com.calls.size() - 1), "bind context released");
        }

        @Test
        void aPartialMonikerLeftOnFailureIsReleased() {
            com.parseResult = HResult.E_OUTOFMEMORY;
            ComException e = assertThrows(ComException.class, () -> binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN));
            assertEquals(HResult.E_OUTOFMEMORY, e.hresult());
            assertFalse(e instanceof MonikerSyntaxException);
            assertEquals(List.of("Release 8192", "Release 4096"), com.calls.subList(com.calls.size() - 2,
                    com.calls.size()));
        }

        @Test
        void bindFailuresCarryWindowsHresultAndReleaseEverything() {
            com.bindResult = HResult.REGDB_E_CLASSNOTREG;
            ComException e = assertThrows(ComException.class, () -> binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN));
            assertEquals(HResult.REGDB_E_CLASSNOTREG, e.hresult());
            assertEquals("REGDB_E_CLASSNOTREG", e.errorName());
            assertTrue(e.getMessage().startsWith("IMoniker::BindToObject(\"" + NAME
                    + "\", {00000000-0000-0000-C000-000000000046}) failed: "), e.getMessage());
            assertTrue(e.getMessage().contains("RunAs=\"Interactive User\""));
            assertEquals(List.of("Release 8192", "Release 4096"), com.calls.subList(com.calls.size() - 2,
                    com.calls.size()));
            assertEquals(0, binder.openReferences());
        }

        @Test
        void createBindCtxFailureReleasesNothing() {
            com.createResult = HResult.E_OUTOFMEMORY;
            assertEquals(HResult.E_OUTOFMEMORY, assertThrows(ComException.class,
                    () -> binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN)).hresult());
            assertEquals(List.of("CreateBindCtx"), callsAfterInit());
        }

        @Test
        void setBindOptionsFailureReleasesTheBindContext() {
            com.setResult = HResult.E_OUTOFMEMORY;
            assertThrows(ComException.class, () -> binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN));
            assertEquals("Release 4096", com.calls.get(com.calls.size() - 1));
            assertFalse(com.calls.stream().anyMatch(c -> c.startsWith("MkParseDisplayName")));
        }

        @Test
        void successWithoutAPointerIsAnError() {
            com.bindOut = null;
            assertEquals(HResult.E_POINTER, assertThrows(ComException.class,
                    () -> binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN)).hresult());
        }
    }

    @Nested
    class GetObject {
        @Test
        void passesCompleteBindOptions() {
            ComReference ref = binder.getObject("Session:Console!new:10000013-0000-0000-0000-000000000001",
                    WindowsMonikerBinder.IID_IDISPATCH, BindOptions.defaults().withDeadline(Duration.ofSeconds(1)));
            assertEquals(List.of("CoGetObject Session:Console!new:10000013-0000-0000-0000-000000000001"
                    + " 00020400-0000-0000-C000-000000000046 cbStruct=48 clsctx=4 deadline=2000 locale=409 mode=2"),
                    callsAfterInit());
            assertEquals(OBJECT, ref.pointer());
        }

        @Test
        void failuresCarryTheHresult() {
            com.getObjectResult = HResult.CO_E_SERVER_EXEC_FAILURE;
            ComException e = assertThrows(ComException.class,
                    () -> binder.getObject(NAME, WindowsMonikerBinder.IID_IUNKNOWN));
            assertEquals("CO_E_SERVER_EXEC_FAILURE", e.errorName());
            assertTrue(e.getMessage().contains("event log"), e.getMessage());
        }

        @Test
        void validatesFirstToo() {
            assertThrows(MonikerSyntaxException.class, () -> binder.getObject("", WindowsMonikerBinder.IID_IUNKNOWN));
            assertEquals(List.of(), callsAfterInit());
        }
    }

    @Nested
    class References {
        @Test
        void queryInterfaceGivesAnIndependentReference() {
            ComReference factory = binder.bind(NAME, WindowsMonikerBinder.IID_ICLASSFACTORY);
            ComReference unknown = factory.queryInterface(WindowsMonikerBinder.IID_IUNKNOWN);
            assertNotSame(factory, unknown);
            assertEquals(OTHER, unknown.pointer());
            assertEquals(2, binder.openReferences());
            factory.close();
            assertTrue(unknown.isOpen());
            assertEquals("ComReference[{00000000-0000-0000-C000-000000000046}, open]", unknown.toString());
        }

        @Test
        void queryInterfaceFailure() {
            com.qiResult = HResult.E_NOINTERFACE;
            ComReference factory = binder.bind(NAME, WindowsMonikerBinder.IID_ICLASSFACTORY);
            assertEquals(HResult.E_NOINTERFACE, assertThrows(ComException.class,
                    () -> factory.queryInterface(WindowsMonikerBinder.IID_IDISPATCH)).hresult());
            assertEquals(1, binder.openReferences());
        }

        @Test
        void closingTheBinderReleasesWhatIsOpenThenUninitialises() {
            ComReference a = binder.bind(NAME, WindowsMonikerBinder.IID_ICLASSFACTORY);
            ComReference b = a.queryInterface(WindowsMonikerBinder.IID_IUNKNOWN);
            com.calls.clear();
            binder.close();
            assertEquals(3, com.calls.size(), com.calls.toString());
            assertTrue(com.calls.subList(0, 2).containsAll(List.of("Release 12288", "Release 16384")));
            assertEquals("CoUninitialize", com.calls.get(2));
            assertFalse(a.isOpen());
            assertFalse(b.isOpen());
            a.close();                                          // nothing left to release
            assertEquals(3, com.calls.size());
            assertThrows(IllegalStateException.class, () -> binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN));
            binder.close();
        }

        @Test
        void referencesClosedOnOtherThreadsReleaseOnTheComThread() throws Exception {
            ComReference ref = binder.bind(NAME, WindowsMonikerBinder.IID_ICLASSFACTORY);
            Thread t = new Thread(ref::close, "user-thread");
            t.start();
            t.join();
            assertEquals("Release 12288", com.calls.get(com.calls.size() - 1), "no ' ON user-thread' suffix");
        }
    }

    @Nested
    class Setup {
        @Test
        void everyCallRunsOnTheComThread() {
            binder.bind(NAME, WindowsMonikerBinder.IID_IUNKNOWN).close();
            assertTrue(com.calls.stream().noneMatch(c -> c.contains(" ON ")), com.calls.toString());
            assertEquals("CoInitializeEx", com.calls.get(0));
        }

        @Test
        void coInitializeFailureIsReported() {
            FakeCom broken = new FakeCom();
            broken.initResult = HResult.RPC_E_CHANGED_MODE;
            ComException e = assertThrows(ComException.class, () -> WindowsMonikerBinder.builder().build(broken));
            assertEquals(HResult.RPC_E_CHANGED_MODE, e.hresult());
        }

        @Test
        void progIdsAreRejectedUnlessEnabled() {
            MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class,
                    () -> binder.validate("Session:1!@My.Server"));
            assertTrue(e.getMessage().contains("no ProgID resolver"), e.getMessage());
        }

        @Test
        void progIdsResolveThroughClsidFromProgIdOnTheComThread() {
            binder.close();
            binder = WindowsMonikerBinder.builder().resolveProgIds(true).build(com);
            assertEquals(Optional.of(MY_CLSID), binder.validate("Session:1!@My.Server").classId());
            assertTrue(com.calls.contains("CLSIDFromProgID My.Server"), com.calls.toString());
            assertInstanceOf(MonikerSyntaxException.class,
                    assertThrows(ComException.class, () -> binder.validate("Session:1!@Unknown.Server")));
        }
    }
}
