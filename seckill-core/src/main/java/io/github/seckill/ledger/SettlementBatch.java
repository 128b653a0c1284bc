package io.github.seckill.ledger;

import io.github.seckill.queue.OrderMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which messages of a batch {@link StockLedger#settle} answers, and in which order: every distinct message once (a
 * repeat of the same order is one), in rounds with distinct order ids, first-seen order within a round. Two JVMs that
 * drew the same order id for different buyers can put both in one batch: the second goes to a later round, so it meets
 * the first's row and is recorded as a conflict, exactly as if it came in a batch of its own.
 */
public final class SettlementBatch {

    private SettlementBatch() {
    }

    /**
     * @param batch messages as delivered, possibly with repeats
     * @return the rounds: each a list of messages with distinct order ids
     */
    public static List<List<OrderMessage>> rounds(List<OrderMessage> batch) {
        Set<OrderMessage> distinct = new LinkedHashSet<>(batch);
        List<List<OrderMessage>> rounds = new ArrayList<>();
        Map<Long, Integer> seenIn = new HashMap<>();
        for (OrderMessage m : distinct) {
            int round = seenIn.merge(m.orderId(), 0, (old, zero) -> old + 1);
            while (rounds.size() <= round) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(m);
        }
        return rounds;
    }

    /**
     * @param batch messages as delivered
     * @return the messages {@link StockLedger#settle} answers, in the order of its answer
     */
    public static List<OrderMessage> answered(List<OrderMessage> batch) {
        List<OrderMessage> out = new ArrayList<>();
        rounds(batch).forEach(out::addAll);
        return out;
    }
}
