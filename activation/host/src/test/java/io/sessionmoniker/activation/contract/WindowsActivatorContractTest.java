package io.sessionmoniker.activation.contract;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.Activators;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The contract against Windows' own COM, on Windows only. It needs a registered out-of-process server that runs as
 * the Interactive User (see activation/README.md, "On Windows"), named by system properties:
 *
 * <pre>
 * mvn -pl activation -am verify -Dsessmon.contract.clsid=CLSID -Dsessmon.contract.member=NAME
 *     [-Dsessmon.contract.session=N] [-Dsessmon.contract.iface=fully.qualified.ComInterface]
 * </pre>
 *
 * Without {@code sessmon.contract.clsid} the tests that need a class are skipped with a printed reason. The HRESULT
 * Windows gives for a nonexistent session is unconfirmed, so any of the candidates of docs/windows.md §4.3 passes
 * and the test prints the one seen.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsActivatorContractTest implements ActivatorContract {

    /** The CLSID of the known class. */
    static final String CLSID = "sessmon.contract.clsid";
    /** A member of it that takes no arguments. */
    static final String MEMBER = "sessmon.contract.member";
    /** The session to activate into (default: the console session). */
    static final String SESSION = "sessmon.contract.session";
    /** A {@code @ComInterface} type on the test class path that the class implements (optional). */
    static final String IFACE = "sessmon.contract.iface";

    @Override
    public Activator openActivator() throws Exception {
        return Activators.open(ActivatorSettings.defaults().withBackend("windows"));
    }

    @Override
    public Guid knownClass() {
        String value = System.getProperty(CLSID);
        Assumptions.assumeTrue(value != null && !value.isBlank(), () -> {
            String reason = "skipped: set -D" + CLSID + "=CLSID (and -D" + MEMBER + "=NAME) to a registered local"
                    + " server whose AppID has RunAs=Interactive User; see activation/README.md, On Windows";
            System.out.println(getClass().getSimpleName() + ": " + reason);
            return reason;
        });
        return Guid.parse(value.trim());
    }

    @Override
    public String member() {
        String value = System.getProperty(MEMBER);
        Assumptions.assumeTrue(value != null && !value.isBlank(), () -> {
            String reason = "skipped: set -D" + MEMBER + "=NAME, a member of the class that takes no arguments";
            System.out.println(getClass().getSimpleName() + ": " + reason);
            return reason;
        });
        return value.trim();
    }

    @Override
    public Optional<Class<?>> typedInterface() {
        String name = System.getProperty(IFACE);
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Class.forName(name.trim()));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(IFACE + " names " + name + ", which is not on the test class path", e);
        }
    }

    @Override
    public long knownSession(Activator activator) {
        String value = System.getProperty(SESSION);
        return value == null || value.isBlank() ? activator.sessions().consoleSessionId().id()
                : Long.parseLong(value.trim());
    }

    @Override
    public Set<Integer> nonexistentSessionHResults() {
        return Set.of(HResult.ERROR_CTX_WINSTATION_NOT_FOUND, HResult.ERROR_NO_TOKEN, HResult.CO_E_SERVER_EXEC_FAILURE);
    }
}
