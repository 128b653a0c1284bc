package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.Claim;
import io.github.seckill.admission.ClaimRequest;
import io.github.seckill.admission.ConfirmRequest;
import io.github.seckill.admission.DedupeGuard;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract of {@link DedupeGuard}. Extend it and implement {@link #createGuard()}. */
public abstract class DedupeGuardContractTest {

    /** A fixed "now" for the tests; guards take time as an argument. */
    protected static final long NOW = 1_900_000_000_000L;
    private static final long LEASE = NOW + 10_000;
    private static final long EXPIRES = NOW + 86_400_000;

    /** The guard under test, fresh for each test. */
    protected DedupeGuard guard;
    /** An activity id unique to the test. */
    protected long activity;

    /** @return a guard under test */
    protected abstract DedupeGuard createGuard();

    @BeforeEach
    void setUpGuard() {
        guard = createGuard();
        activity = Tck.uniqueId();
    }

    @Test
    void firstClaimIsNewAndBindsTheOrderId() {
        Claim c = guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, LEASE));
        assertThat(c.kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(c.orderId()).isEqualTo(100);
        assertThat(c.confirmed()).isFalse();
    }

    @Test
    void sameRequestIsAReplayOfTheOriginalOrder() {
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, LEASE));
        Claim again = guard.claim(new ClaimRequest(activity, 1, "r1", 101, NOW + 1, LEASE));
        assertThat(again.kind()).isEqualTo(Claim.Kind.REPLAY);
        assertThat(again.orderId()).isEqualTo(100);
        assertThat(again.shard()).isEqualTo(Claim.PENDING);
    }

    @Test
    void anotherRequestOfTheSameUserIsADuplicate() {
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, LEASE));
        Claim other = guard.claim(new ClaimRequest(activity, 1, "r2", 200, NOW + 1, LEASE));
        assertThat(other.kind()).isEqualTo(Claim.Kind.DUPLICATE);
        assertThat(other.orderId()).isEqualTo(100);
    }

    @Test
    void usersAndActivitiesAreIndependent() {
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, LEASE));
        assertThat(guard.claim(new ClaimRequest(activity, 2, "r1", 101, NOW, LEASE)).kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(guard.claim(new ClaimRequest(activity + 1, 1, "r1", 102, NOW, LEASE)).kind()).isEqualTo(Claim.Kind.NEW);
    }

    @Test
    void confirmedClaimReplaysWithItsShard() {
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, LEASE));
        assertThat(guard.confirm(new ConfirmRequest(activity, 1, "r1", 100, 3, 2, NOW + 1, EXPIRES))).isTrue();
        Claim replay = guard.claim(new ClaimRequest(activity, 1, "r1", 101, NOW + 2, LEASE));
        assertThat(replay.kind()).isEqualTo(Claim.Kind.REPLAY);
        assertThat(replay.orderId()).isEqualTo(100);
        assertThat(replay.shard()).isEqualTo(3);
        assertThat(replay.quantity()).isEqualTo(2);
    }

    @Test
    void pendingClaimIsFreeOnceItsLeaseRunsOut() {
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, NOW + 1_000));
        Claim later = guard.claim(new ClaimRequest(activity, 1, "r2", 200, NOW + 1_000, NOW + 2_000));
        assertThat(later.kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(later.orderId()).isEqualTo(200);
    }

    @Test
    void confirmedClaimOutlivesTheLease() {
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, NOW + 1_000));
        guard.confirm(new ConfirmRequest(activity, 1, "r1", 100, 0, 1, NOW + 10, EXPIRES));
        Claim later = guard.claim(new ClaimRequest(activity, 1, "r2", 200, NOW + 5_000, NOW + 6_000));
        assertThat(later.kind()).isEqualTo(Claim.Kind.DUPLICATE);
        assertThat(later.orderId()).isEqualTo(100);
        assertThat(later.shard()).isEqualTo(0);
    }

    @Test
    void confirmFailsWhenAnotherOrderHoldsTheSlot() {
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, NOW + 1_000));
        guard.claim(new ClaimRequest(activity, 1, "r2", 200, NOW + 2_000, NOW + 3_000));
        assertThat(guard.confirm(new ConfirmRequest(activity, 1, "r1", 100, 0, 1, NOW + 2_001, EXPIRES))).isFalse();
        assertThat(guard.claim(new ClaimRequest(activity, 1, "r2", 300, NOW + 2_002, NOW + 3_000)).orderId()).isEqualTo(200);
    }

    @Test
    void confirmRecreatesASlotWhoseLeaseRanOutUnclaimed() {
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, NOW + 1_000));
        assertThat(guard.confirm(new ConfirmRequest(activity, 1, "r1", 100, 2, 1, NOW + 5_000, EXPIRES))).isTrue();
        Claim replay = guard.claim(new ClaimRequest(activity, 1, "r1", 101, NOW + 6_000, NOW + 7_000));
        assertThat(replay.kind()).isEqualTo(Claim.Kind.REPLAY);
        assertThat(replay.orderId()).isEqualTo(100);
        assertThat(replay.shard()).isEqualTo(2);
    }

    @Test
    void releaseFreesTheSlotOnlyForItsHolder() {
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, LEASE));
        assertThat(guard.release(activity, 1, 999)).isFalse();
        assertThat(guard.claim(new ClaimRequest(activity, 1, "r2", 200, NOW, LEASE)).kind()).isEqualTo(Claim.Kind.DUPLICATE);
        assertThat(guard.release(activity, 1, 100)).isTrue();
        assertThat(guard.release(activity, 1, 100)).isFalse();
        assertThat(guard.claim(new ClaimRequest(activity, 1, "r2", 200, NOW, LEASE)).kind()).isEqualTo(Claim.Kind.NEW);
    }

    @Test
    void findReportsOnlyLiveClaims() {
        assertThat(guard.find(activity, 1, NOW)).isEmpty();
        guard.claim(new ClaimRequest(activity, 1, "r1", 100, NOW, NOW + 1_000));
        assertThat(guard.find(activity, 1, NOW + 1)).hasValueSatisfying(c -> {
            assertThat(c.orderId()).isEqualTo(100);
            assertThat(c.requestId()).isEqualTo("r1");
        });
        assertThat(guard.find(activity, 1, NOW + 1_000)).isEmpty();
    }

    /**
     * 16 threads, 10,000 users, each with two request ids sent twice each: exactly one NEW per user, every replay
     * returns that order id, every other request of the user is a duplicate of it.
     */
    @Test
    void concurrentClaimsAdmitEachUserOnce() throws Exception {
        int perUser = 4;
        AtomicLong orderIds = new AtomicLong(1_000_000);
        Map<Long, Long> winner = new ConcurrentHashMap<>();
        Map<Long, Set<Long>> seen = new ConcurrentHashMap<>();
        AtomicLong news = new AtomicLong();
        // A user's four claims are consecutive tasks, so they are taken by different threads at the same moment.
        Tck.runConcurrently(Tck.USERS * perUser, i -> {
            long user = 1 + i / perUser;
            String request = "req-" + user + "-" + i % 2;
            Claim c = guard.claim(new ClaimRequest(activity, user, request, orderIds.incrementAndGet(), NOW, LEASE));
            if (c.kind() == Claim.Kind.NEW) {
                news.incrementAndGet();
                assertThat(winner.putIfAbsent(user, c.orderId())).isNull();
            }
            seen.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(c.orderId());
        });
        assertThat(news.get()).isEqualTo(Tck.USERS);
        assertThat(winner).hasSize(Tck.USERS);
        seen.forEach((user, orders) -> assertThat(orders).as("user %d", user).containsExactly(winner.get(user)));
    }
}
