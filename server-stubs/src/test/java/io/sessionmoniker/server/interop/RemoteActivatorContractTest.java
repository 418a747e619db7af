package io.sessionmoniker.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.Activators;
import io.sessionmoniker.activation.contract.ActivatorContract;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.activation.remote.AuthenticationLevel;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.server.ISessionInfo;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ActivatorContract} against the {@code remote} backend, found through {@link Activators}, talking to our
 * embedded host over loopback TCP (a port the system picks) as alice, an administrator, at PKT_PRIVACY: the same
 * contract the embedded, daemon and Windows backends keep, with real server processes reporting the session they
 * run in. The remote backend cannot list sessions (the wire has no enumeration): the contract checks that it refuses
 * with {@code E_NOTIMPL}, and this fixture names the sessions from the host it started.
 */
class RemoteActivatorContractTest implements ActivatorContract {

    @TempDir
    static Path dir;

    static Path scenario;

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> RemoteScenario.load(scenario));

    @BeforeAll
    static void write() throws Exception {
        scenario = RemoteScenario.write(dir, "");
    }

    @Override
    public Activator openActivator() throws Exception {
        SessionHost host = fixture.host();
        Activator a = Activators.open(RemoteScenario.settings(host, "alice", "demo-alice",
                AuthenticationLevel.PRIVACY));
        assertEquals("remote", a.backend());
        return fixture.closeLater(a);
    }

    @Override
    public Guid knownClass() {
        return Guid.parse(RemoteScenario.SESSION_INFO);
    }

    @Override
    public String member() {
        return "SessionId";
    }

    @Override
    public Optional<Class<?>> typedInterface() {
        return Optional.of(ISessionInfo.class);
    }

    @Override
    public long knownSession(Activator activator) {
        return 2;   // bob's session, not the console: Session:N and Session:Console land in different sessions
    }

    @Override
    public long consoleSession(Activator activator) {
        return 1;
    }

    @Override
    public Set<Long> sessionIds(Activator activator) {
        try {
            return fixture.host().sessions().snapshot().sessions().stream().map(s -> s.id())
                    .collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean listsSessions() {
        return false;
    }

    @Override
    public void checkMemberResult(Object result, long session) {
        assertEquals(session, ((Number) result).longValue(), "the server reports the session it runs in");
    }
}
