package io.github.seckill.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.Claim;
import io.github.seckill.admission.ClaimRequest;
import org.junit.jupiter.api.Test;

class InMemoryDedupeGuardTest {

    /** Slots of an activity long over go away by themselves once the map has grown; live ones stay. */
    @Test
    void deadSlotsArePurgedWhenTheMapHasGrown() {
        InMemoryDedupeGuard guard = new InMemoryDedupeGuard();
        int users = 70_000;
        long past = 1_000;
        for (int u = 1; u <= users; u++) {
            guard.claim(new ClaimRequest(1, u, "r" + u, u, past, past + 10));
        }
        long now = 1_000_000;
        guard.claim(new ClaimRequest(2, 1, "live-1", 1_000_001, now, now + 60_000));
        for (int u = 1; u <= users; u++) {
            guard.claim(new ClaimRequest(3, u, "s" + u, 2_000_000 + u, now, now + 60_000));
        }
        assertThat(guard.size()).as("activity 1's dead slots were purged").isLessThanOrEqualTo(users + 1);
        assertThat(guard.find(2, 1, now)).map(Claim::requestId).contains("live-1");
        assertThat(guard.find(3, users, now)).map(Claim::orderId).contains(2_000_000L + users);
        assertThat(guard.claim(new ClaimRequest(3, 5, "again", 9, now, now + 60_000)).kind()).isEqualTo(Claim.Kind.DUPLICATE);
    }
}
