package io.github.seckill.benchmarks.report;

import java.util.List;

/**
 * One round of the paired measurements: every ceiling a target divides by, then every JMH configuration a target
 * divides, on the same servers, one after the other. A target's pair ratio for the round relates figures of this
 * round only, so that the machine's drift between rounds cancels out of it.
 *
 * @param index 1, 2, ...
 * @param ceilings the ceilings measured in this round
 * @param measurements the JMH results of this round
 */
public record Round(int index, List<Figure> ceilings, List<Measurement> measurements) {

    /** @return the round's figures by id: its ceilings and the figures derived from its JMH results */
    public java.util.Map<String, Figure> figures() {
        return Scorecard.figures(ceilings, measurements);
    }
}
