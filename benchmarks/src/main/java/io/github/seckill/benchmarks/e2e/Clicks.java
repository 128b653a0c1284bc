package io.github.seckill.benchmarks.e2e;

/**
 * The order in which a sale's buyers click: each once, in turn, and every {@code buyers / repeats}-th again, a few
 * buyers after its first click (often while that is still in flight).
 */
final class Clicks {

    private final long buyers;
    private final long repeats;
    private final int lag;
    private long clicked;
    private long repeated;
    private boolean repeat;

    /**
     * @param buyers distinct buyers, numbered from 1
     * @param repeats second clicks, at most {@code buyers}
     * @param lag how many buyers after its first click a buyer clicks again
     */
    Clicks(long buyers, long repeats, int lag) {
        if (buyers < 0 || repeats < 0 || repeats > buyers || lag < 0) {
            throw new IllegalArgumentException("needs 0 <= repeats <= buyers and lag >= 0");
        }
        this.buyers = buyers;
        this.repeats = repeats;
        this.lag = lag;
    }

    /** @return whether a click is left */
    boolean hasNext() {
        return clicked < buyers || repeated < repeats;
    }

    /** @return the buyer (1 to {@code buyers}) who clicks next */
    long next() {
        if (repeated < repeats) {
            long again = (repeated + 1) * buyers / repeats;
            if (clicked >= buyers || clicked >= again + lag) {
                repeated++;
                repeat = true;
                return again;
            }
        }
        if (clicked >= buyers) {
            throw new IllegalStateException("no click left");
        }
        repeat = false;
        return ++clicked;
    }

    /** @return whether the click {@link #next()} returned last was a buyer's second */
    boolean repeat() {
        return repeat;
    }
}
