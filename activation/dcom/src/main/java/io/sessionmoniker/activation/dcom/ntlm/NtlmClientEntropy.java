package io.sessionmoniker.activation.dcom.ntlm;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * Where an NTLM initiator gets what MS-NLMP leaves to chance: the 8-octet client challenge of its NTLMv2 response, the
 * 16-octet random session key it exports under KEY_EXCH, and the time it puts in the response when the CHALLENGE
 * carries no {@code MsvAvTimestamp}. Production uses {@link #secure()}; tests that compare with the examples of
 * MS-NLMP 4.2 or with a captured client fix all three with {@link #fixed(byte[], byte[], long)}. Implementations are
 * thread-safe.
 *
 * <pre>{@code
 * NtlmClientEntropy vectors = NtlmClientEntropy.fixed(HexFormat.of().parseHex("aaaaaaaaaaaaaaaa"),
 *         HexFormat.of().parseHex("55555555555555555555555555555555"), 0);
 * }</pre>
 */
public interface NtlmClientEntropy {

    /**
     * Returns a fresh client challenge.
     *
     * @return 8 octets
     */
    byte[] clientChallenge();

    /**
     * Returns a fresh random session key.
     *
     * @return 16 octets
     */
    byte[] randomSessionKey();

    /**
     * Returns the current time as a FILETIME.
     *
     * @return 100-nanosecond ticks since 1601-01-01 UTC
     */
    long filetime();

    /**
     * Returns the production source: a {@link SecureRandom} and the system clock.
     *
     * @return the source
     */
    static NtlmClientEntropy secure() {
        return secure(new SecureRandom(), Clock.systemUTC());
    }

    /**
     * Returns a source over a random generator and a clock.
     *
     * @param random the generator
     * @param clock the clock
     * @return the source
     */
    static NtlmClientEntropy secure(SecureRandom random, Clock clock) {
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(clock, "clock");
        return new NtlmClientEntropy() {
            @Override
            public byte[] clientChallenge() {
                byte[] c = new byte[8];
                random.nextBytes(c);
                return c;
            }

            @Override
            public byte[] randomSessionKey() {
                byte[] k = new byte[16];
                random.nextBytes(k);
                return k;
            }

            @Override
            public long filetime() {
                return ChallengeSource.toFiletime(clock.instant());
            }

            @Override
            public String toString() {
                return "NtlmClientEntropy[secure]";
            }
        };
    }

    /**
     * Returns a source that always gives the same values, for tests and replays only: a fixed client challenge and
     * session key make every exchange replayable.
     *
     * @param clientChallenge 8 octets (copied)
     * @param randomSessionKey 16 octets (copied)
     * @param filetime the time
     * @return the source
     */
    static NtlmClientEntropy fixed(byte[] clientChallenge, byte[] randomSessionKey, long filetime) {
        if (clientChallenge.length != 8 || randomSessionKey.length != 16) {
            throw new IllegalArgumentException("a client challenge is 8 octets and a session key 16, got "
                    + clientChallenge.length + " and " + randomSessionKey.length);
        }
        byte[] c = clientChallenge.clone();
        byte[] k = randomSessionKey.clone();
        return new NtlmClientEntropy() {
            @Override
            public byte[] clientChallenge() {
                return c.clone();
            }

            @Override
            public byte[] randomSessionKey() {
                return k.clone();
            }

            @Override
            public long filetime() {
                return filetime;
            }

            @Override
            public String toString() {
                return "NtlmClientEntropy[fixed]";
            }
        };
    }
}
