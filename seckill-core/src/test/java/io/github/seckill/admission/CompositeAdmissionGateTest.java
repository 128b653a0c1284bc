package io.github.seckill.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.memory.InMemoryDedupeGuard;
import io.github.seckill.memory.InMemoryShardedStockStore;
import io.github.seckill.shard.ShardPlan;
import org.junit.jupiter.api.Test;

/**
 * The claim, take, confirm protocol when a buyer's first request stalls after its claim (a command timeout, a master
 * that died before the take): the fault suite found a second request of that buyer told "duplicate" with the stalled
 * request's order id, an order that was never taken and so never reached the ledger.
 */
class CompositeAdmissionGateTest {

    private static final long ACTIVITY = 1;
    private static final long USER = 7;
    private static final long NOW = 1_000_000;
    private static final long LEASE = 2_000;
    private static final long EXPIRES = NOW + 3_600_000;

    private final InMemoryDedupeGuard guard = new InMemoryDedupeGuard();
    private final InMemoryShardedStockStore store = new InMemoryShardedStockStore();
    private final AdmissionGate gate = AdmissionGate.compose(guard, store);

    private static AdmissionRequest request(String requestId, long orderId, long now) {
        return new AdmissionRequest(ACTIVITY, USER, requestId, orderId, 1, ShardPlan.probing(0), now, now + LEASE,
                EXPIRES);
    }

    @Test
    void anotherRequestOfAPendingClaimIsNotToldOfAnOrderThatMayNeverExist() {
        store.load(ACTIVITY, new long[] {5});
        // the first request claimed the slot and stalled there: nothing taken, nothing confirmed
        guard.claim(request("first", 100, NOW).claim());

        assertThatThrownBy(() -> gate.admit(request("second", 200, NOW + 10)))
                .as("the buyer's other request is still undecided").isInstanceOf(AttemptOutcomeUnknownException.class);
        assertThat(store.findTaken(ACTIVITY, 100)).as("the stalled order holds no units").isEmpty();

        AdmissionDecision later = gate.admit(request("second", 200, NOW + LEASE + 1));
        assertThat(later.outcome()).as("once the stalled claim's lease ran out, the retry is decided anew")
                .isEqualTo(AdmissionDecision.Outcome.ADMITTED);
        assertThat(later.orderId()).isEqualTo(200);
    }

    @Test
    void anotherRequestOfAConfirmedClaimIsADuplicateNamingTheOrder() {
        store.load(ACTIVITY, new long[] {5});
        assertThat(gate.admit(request("first", 100, NOW)).outcome()).isEqualTo(AdmissionDecision.Outcome.ADMITTED);

        AdmissionDecision again = gate.admit(request("second", 200, NOW + 10));
        assertThat(again.outcome()).isEqualTo(AdmissionDecision.Outcome.DUPLICATE);
        assertThat(again.orderId()).as("the order the buyer holds").isEqualTo(100);
    }
}
