package io.sessionmoniker.benchmarks;

import io.sessionmoniker.moniker.ClassMoniker;
import io.sessionmoniker.moniker.CompositeMoniker;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.moniker.MonikerParser;
import io.sessionmoniker.moniker.NewMoniker;
import io.sessionmoniker.moniker.SessionMoniker;
import io.sessionmoniker.moniker.SessionTarget;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a whole display name, next to its two baselines in the same run: {@link UUID#fromString} on the bare
 * GUID alone (the floor: the design aims for the whole name to cost at most three times this), and a
 * straightforward regex parser of the same grammar (what one would write instead).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MonikerParseBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class MonikerParseBenchmark {

    private static final Pattern REGEX = Pattern.compile(
            "(?i)session:(\\d+|console)!(?:(clsid):\\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\}?:?"
                    + "|(new):\\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\}?)");

    // Not final, so the JIT cannot fold them into constants.
    String sessionClsid = "Session:3!clsid:10000013-0000-0000-0000-000000000001";
    String consoleNew = "Session:Console!new:{10000013-0000-0000-0000-000000000001}";
    String bareGuid = "10000013-0000-0000-0000-000000000001";
    MonikerParser parser = MonikerParser.standard();

    /** Our parser on {@code Session:3!clsid:…}. */
    @Benchmark
    public Moniker parseSessionClsid() {
        return parser.parse(sessionClsid);
    }

    /** Our parser on {@code Session:Console!new:{…}}. */
    @Benchmark
    public Moniker parseConsoleNew() {
        return parser.parse(consoleNew);
    }

    /** Baseline: the JDK's UUID parser on the GUID alone. */
    @Benchmark
    public UUID baselineUuidFromString() {
        return UUID.fromString(bareGuid);
    }

    /** Our GUID parser on the same GUID, for comparison with UUID.fromString. */
    @Benchmark
    public Guid guidParse() {
        return Guid.parse(bareGuid);
    }

    /** Baseline: a regex parser of the session + class grammar producing the same moniker. */
    @Benchmark
    public Moniker baselineRegexSessionClsid() {
        return regexParse(sessionClsid);
    }

    /** Baseline: the regex parser on {@code Session:Console!new:{…}}. */
    @Benchmark
    public Moniker baselineRegexConsoleNew() {
        return regexParse(consoleNew);
    }

    static Moniker regexParse(String name) {
        Matcher m = REGEX.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a session moniker: " + name);
        }
        String session = m.group(1);
        SessionMoniker s = session.toLowerCase(Locale.ROOT).equals("console")
                ? SessionMoniker.console() : new SessionMoniker(SessionTarget.of(Long.parseLong(session)));
        Moniker classPart = m.group(2) != null
                ? ClassMoniker.of(Guid.fromUuid(UUID.fromString(m.group(3))))
                : NewMoniker.of(Guid.fromUuid(UUID.fromString(m.group(5))));
        return CompositeMoniker.of(s, classPart);
    }
}
