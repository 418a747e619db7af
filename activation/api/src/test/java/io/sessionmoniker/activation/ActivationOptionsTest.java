package io.sessionmoniker.activation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ActivationOptions}: validation and the class-context check every backend applies. */
class ActivationOptionsTest {

    @Test
    void defaultsAreLocalServerWithNoDeadlineOrCaller() {
        ActivationOptions d = ActivationOptions.defaults();
        assertEquals(ActivationOptions.CLSCTX_LOCAL_SERVER, d.classContext());
        assertTrue(d.deadline().isEmpty());
        assertTrue(d.caller().isEmpty());
        d.requireLocalServerContext();
    }

    @Test
    void copiesChangeOneComponent() {
        Caller system = Caller.local(Principal.system(), 0);
        ActivationOptions o = ActivationOptions.defaults().withDeadline(Duration.ofSeconds(5)).withCaller(system)
                .withClassContext(0x14);
        assertEquals(new ActivationOptions(Optional.of(Duration.ofSeconds(5)), Optional.of(system), 0x14), o);
    }

    @Test
    void invalidComponentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ActivationOptions.defaults().withDeadline(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> ActivationOptions.defaults().withDeadline(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> ActivationOptions.defaults().withClassContext(0));
        assertThrows(NullPointerException.class, () -> new ActivationOptions(null, Optional.empty(), 4));
        assertThrows(NullPointerException.class, () -> new ActivationOptions(Optional.empty(), null, 4));
    }

    @Test
    void undefinedBitsAreInvalidArguments() {
        for (int bits : new int[] {0x8, 0x20, 0x200, 0x4000_0000}) {
            ComException e = assertThrows(ComException.class, () -> ActivationOptions.defaults()
                    .withClassContext(ActivationOptions.CLSCTX_LOCAL_SERVER | bits).requireLocalServerContext());
            assertEquals(HResult.E_INVALIDARG, e.hresult(), Integer.toHexString(bits));
            assertTrue(e.getMessage().contains(String.format("(0x%08X)", bits)), e.getMessage());
        }
    }

    @Test
    void withoutALocalOrRemoteServerTheClassIsNotRegistered() {
        for (int ctx : new int[] {ActivationOptions.CLSCTX_INPROC_SERVER, ActivationOptions.CLSCTX_INPROC_HANDLER,
            ActivationOptions.CLSCTX_INPROC_SERVER | 0x80000}) {
            ComException e = assertThrows(ComException.class,
                    () -> ActivationOptions.defaults().withClassContext(ctx).requireLocalServerContext());
            assertEquals(HResult.REGDB_E_CLASSNOTREG, e.hresult());
            assertTrue(e.getMessage().contains("CLSCTX_LOCAL_SERVER (0x4)"), e.getMessage());
        }
    }

    static Stream<Arguments> localOrRemoteContexts() {
        return Stream.of(
                Arguments.of("CLSCTX_LOCAL_SERVER", 0x4),
                Arguments.of("CLSCTX_REMOTE_SERVER (this machine)", 0x10),
                Arguments.of("CLSCTX_SERVER", 0x15),
                Arguments.of("LOCAL_SERVER | ACTIVATE_64_BIT_SERVER | DISABLE_AAA | NO_CODE_DOWNLOAD",
                        0x4 | 0x80000 | 0x8000 | 0x400),
                Arguments.of("LOCAL_SERVER | PS_DLL (the sign bit)", 0x4 | 0x80000000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("localOrRemoteContexts")
    void localRemoteAndModifierFlagsPass(String name, int ctx) {
        ActivationOptions o = ActivationOptions.defaults().withClassContext(ctx);
        assertDoesNotThrow(o::requireLocalServerContext, () -> String.format("%s (0x%08X) is refused", name, ctx));
        assertEquals(ctx, o.classContext(), "the context is kept as given, for the backend to pass on");
        int withoutServer = ctx & ~(ActivationOptions.CLSCTX_LOCAL_SERVER | ActivationOptions.CLSCTX_REMOTE_SERVER);
        if (withoutServer != 0) {
            // what passes is the server bit: the same flags without it name no server this host can run
            ComException e = assertThrows(ComException.class, () -> ActivationOptions.defaults()
                    .withClassContext(withoutServer).requireLocalServerContext());
            assertEquals(HResult.REGDB_E_CLASSNOTREG, e.hresult(), String.format("0x%08X", withoutServer));
        }
    }
}
