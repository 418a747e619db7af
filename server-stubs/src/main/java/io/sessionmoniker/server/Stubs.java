package io.sessionmoniker.server;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;

/** The behaviour shared by the small stubs. */
final class Stubs {

    private Stubs() {
    }

    /** An {@link IStub} that reports its pid and, when {@code crashes}, exits on {@code Crash()}. */
    static IStub stub(boolean crashes) {
        return new IStub() {
            @Override
            public int ProcessId() {
                return (int) ProcessHandle.current().pid();
            }

            @Override
            public int Crash() {
                if (!crashes) {
                    throw new ComException(HResult.E_NOTIMPL, "only the Crash stub crashes");
                }
                Runtime.getRuntime().halt(3);
                return 0;
            }
        };
    }
}
