package io.sessionmoniker.activation.dcom.ntlm;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Where an acceptor gets each CHALLENGE's 8-octet server challenge and its {@code MsvAvTimestamp}. Production uses
 * {@link #secure()}; a test that replays a captured conversation uses {@link #fixed(byte[], long)} with the
 * captured values, so that the client's recorded responses verify.
 *
 * <pre>{@code
 * ChallengeSource replay = ChallengeSource.fixed(HexFormat.of().parseHex("c0f22f8c00f973ce"), 0x01dd822f9f612300L);
 * }</pre>
 */
public interface ChallengeSource {

    /** 100-nanosecond ticks from 1601-01-01 to 1970-01-01. */
    long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;

    /**
     * Returns a fresh server challenge.
     *
     * @return 8 octets
     */
    byte[] serverChallenge();

    /**
     * Returns the current time as a FILETIME.
     *
     * @return 100-nanosecond ticks since 1601-01-01 UTC
     */
    long filetime();

    /**
     * Returns the production source: {@link SecureRandom} challenges and the system clock.
     *
     * @return the source
     */
    static ChallengeSource secure() {
        return secure(new SecureRandom(), Clock.systemUTC());
    }

    /**
     * Returns a source over a random generator and a clock.
     *
     * @param random the generator of challenges
     * @param clock the clock of timestamps
     * @return the source
     */
    static ChallengeSource secure(SecureRandom random, Clock clock) {
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(clock, "clock");
        return new ChallengeSource() {
            @Override
            public byte[] serverChallenge() {
                byte[] c = new byte[8];
                random.nextBytes(c);
                return c;
            }

            @Override
            public long filetime() {
                return toFiletime(clock.instant());
            }
        };
    }

    /**
     * Returns a source that always gives the same challenge and time, for tests and replays.
     *
     * @param challenge 8 octets (copied)
     * @param filetime the timestamp
     * @return the source
     */
    static ChallengeSource fixed(byte[] challenge, long filetime) {
        if (challenge.length != 8) {
            throw new IllegalArgumentException("a server challenge is 8 octets, got " + challenge.length);
        }
        byte[] c = challenge.clone();
        return new ChallengeSource() {
            @Override
            public byte[] serverChallenge() {
                return c.clone();
            }

            @Override
            public long filetime() {
                return filetime;
            }
        };
    }

    /**
     * Converts an instant to a FILETIME.
     *
     * @param t the instant
     * @return 100-nanosecond ticks since 1601-01-01 UTC
     */
    static long toFiletime(Instant t) {
        return FILETIME_UNIX_EPOCH + t.getEpochSecond() * 10_000_000L + t.getNano() / 100;
    }
}
