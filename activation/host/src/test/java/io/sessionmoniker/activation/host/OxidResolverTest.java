package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.host.internal.IServerNetwork;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OXID resolver's ping sets: who may ping a set, and what expires when (MS-DCOM 3.1.2.5.2.3.4). */
class OxidResolverTest {

    /** A server's network side that records what the resolver tells it. */
    static final class FakeServer implements IServerNetwork {
        final Set<Long> held = ConcurrentHashMap.newKeySet();
        final List<Long> released = Collections.synchronizedList(new ArrayList<>());

        @Override
        public byte[] MarshalForNetwork(long oid, byte[] iids, boolean instance) {
            held.add(oid);
            return new byte[0];
        }

        @Override
        public byte[] NetworkHeld(byte[] oids) {
            return OxidResolver.encode(OxidResolver.decode(oids).stream().filter(o -> held.contains(o.value())).toList());
        }

        @Override
        public int ReleaseNetworkReferences(byte[] oids) {
            List<Oid> list = OxidResolver.decode(oids);
            list.forEach(o -> {
                released.add(o.value());
                held.remove(o.value());
            });
            return list.size();
        }
    }

    static final Oxid OXID = Oxid.of(0x1234);
    final FakeServer server = new FakeServer();
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    OxidResolver resolver;

    /** A resolver on a clock of the test's own, swept only when the test says. */
    OxidResolver start(Duration period) {
        resolver = new OxidResolver(period, now::get, false);
        resolver.register(new OxidResolver.Server(OXID, server, List.of(StringBinding.tcp("127.0.0.1", 49700)),
                ObjectExporter.remUnknownIpid(OXID), 1));
        return resolver;
    }

    @AfterEach
    void stop() {
        if (resolver != null) {
            resolver.close();
        }
    }

    @Test
    void resolvesTheOxidsOfRegisteredServersOnly() {
        start(Duration.ofMinutes(2));
        assertEquals(List.of(StringBinding.tcp("127.0.0.1", 49700)), resolver.resolve(OXID).orElseThrow().bindings());
        assertTrue(resolver.resolve(Oxid.of(99)).isEmpty());
        resolver.unregister(OXID);
        assertTrue(resolver.resolve(OXID).isEmpty());
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
        resolver.sweep();
    }

    @Test
    void aHandedOutObjectNoSetTakesIsReleasedAfterThreePeriods() {
        start(Duration.ofSeconds(120));
        resolver.handedOut(OXID, Oid.of(7));
        advance(Duration.ofSeconds(359));
        assertTrue(server.released.isEmpty(), "released before three periods");
        advance(Duration.ofSeconds(2));
        assertEquals(List.of(7L), server.released);
    }

    @Test
    void aPingedSetKeepsItsObjectsAndExpiresWhenThePingsStop() {
        start(Duration.ofSeconds(120));
        resolver.handedOut(OXID, Oid.of(7));
        OxidResolver.PingResult made = resolver.complexPing("lab\\bob", 0, 1, List.of(Oid.of(7)), List.of());
        assertEquals(0, made.status());
        assertNotEquals(0, made.setId());
        // pinged every period for ten periods: kept
        for (int i = 0; i < 10; i++) {
            advance(Duration.ofSeconds(120));
            assertEquals(0, resolver.simplePing("lab\\bob", made.setId()));
        }
        assertTrue(server.released.isEmpty(), "released although pinged");
        // then the pings stop: three periods later the set and its object go
        advance(Duration.ofSeconds(359));
        assertTrue(server.released.isEmpty());
        advance(Duration.ofSeconds(2));
        assertEquals(List.of(7L), server.released);
        assertEquals(OxidResolver.OR_INVALID_SET, resolver.simplePing("lab\\bob", made.setId()));
        assertEquals(0, resolver.setCount());
    }

    @Test
    void aSetBelongsToThePrincipalThatMadeIt() {
        start(Duration.ofMinutes(2));
        OxidResolver.PingResult made = resolver.complexPing("lab\\bob", 0, 1, List.of(Oid.of(7)), List.of());
        assertEquals(OxidResolver.ACCESS_DENIED, resolver.simplePing("lab\\carol", made.setId()));
        assertEquals(OxidResolver.ACCESS_DENIED, resolver.complexPing("lab\\carol", made.setId(), 2, List.of(),
                List.of(Oid.of(7))).status());
        assertEquals(OxidResolver.OR_INVALID_SET, resolver.simplePing("lab\\bob", 42));
    }

    @Test
    void anObjectRemovedFromItsOnlySetIsReleasedAtOnce() {
        start(Duration.ofMinutes(2));
        resolver.handedOut(OXID, Oid.of(7));
        OxidResolver.PingResult made = resolver.complexPing("lab\\bob", 0, 1, List.of(Oid.of(7)), List.of());
        assertTrue(server.released.isEmpty());
        resolver.complexPing("lab\\bob", made.setId(), 2, List.of(), List.of(Oid.of(7)));
        assertEquals(List.of(7L), server.released);
    }

    @Test
    void anObjectInTwoSetsStaysWhileOneIsPinged() {
        start(Duration.ofMinutes(2));
        resolver.handedOut(OXID, Oid.of(7));
        long a = resolver.complexPing("lab\\bob", 0, 1, List.of(Oid.of(7)), List.of()).setId();
        long b = resolver.complexPing("lab\\bob", 0, 1, List.of(Oid.of(7)), List.of()).setId();
        resolver.complexPing("lab\\bob", a, 2, List.of(), List.of(Oid.of(7)));
        assertTrue(server.released.isEmpty(), "still in set " + Long.toHexString(b));
    }

    @Test
    void objectsOfUnknownOwnersAreLearnedFromTheServers() {
        start(Duration.ofSeconds(120));
        server.held.add(9L); // e.g. an interface a network client got from a call, not from an activation
        resolver.complexPing("lab\\bob", 0, 1, List.of(Oid.of(9)), List.of());
        advance(Duration.ofSeconds(361));
        assertEquals(List.of(9L), server.released, "the set expired and the owner was told");
    }

    @Test
    void theResolverSweepsOnItsOwn() {
        resolver = new OxidResolver(Duration.ofMillis(100));
        resolver.register(new OxidResolver.Server(OXID, server, List.of(), ObjectExporter.remUnknownIpid(OXID), 1));
        resolver.handedOut(OXID, Oid.of(7));
        Await.until("the sweeper releases the unpinged object", Duration.ofSeconds(30),
                () -> server.released.contains(7L));
    }

    @Test
    void limitsBoundWhatOnePrincipalMayHold() {
        start(Duration.ofMinutes(2));
        for (int i = 0; i < OxidResolver.MAX_SETS_PER_PRINCIPAL; i++) {
            assertEquals(0, resolver.complexPing("lab\\bob", 0, 1, List.of(), List.of()).status());
        }
        assertEquals(OxidResolver.OUT_OF_RESOURCES, resolver.complexPing("lab\\bob", 0, 1, List.of(), List.of())
                .status());
        assertEquals(0, resolver.complexPing("lab\\carol", 0, 1, List.of(), List.of()).status(), "others unaffected");
        List<Oid> many = new ArrayList<>();
        for (int i = 0; i <= OxidResolver.MAX_OIDS_PER_SET; i++) {
            many.add(Oid.of(1000 + i));
        }
        assertEquals(OxidResolver.OUT_OF_RESOURCES, resolver.complexPing("lab\\carol", 0, 1, many, List.of())
                .status());
    }
}
