package io.github.seckill.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;

/** Reads meters of the default prefix by short name, summing over the tags not given. */
final class Meters {

    private final MeterRegistry registry;

    Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    private Search find(SeckillMeter meter, String... tags) {
        return registry.find(meter.defaultName()).tags(tags);
    }

    /** @return the sum of the matching counters, 0 if none is registered */
    double count(SeckillMeter meter, String... tags) {
        return find(meter, tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** @return the number of events the matching timers recorded */
    long timed(SeckillMeter meter, String... tags) {
        return find(meter, tags).timers().stream().mapToLong(Timer::count).sum();
    }

    /** @return the one matching timer */
    Timer timer(SeckillMeter meter, String... tags) {
        return registry.get(meter.defaultName()).tags(tags).timer();
    }

    /** @return the value of the one matching gauge */
    double gauge(SeckillMeter meter, String... tags) {
        return registry.get(meter.defaultName()).tags(tags).gauge().value();
    }

    /** @return whether a gauge matches */
    boolean hasGauge(SeckillMeter meter, String... tags) {
        Gauge g = find(meter, tags).gauge();
        return g != null;
    }

    /** @return how many meters of that name are registered */
    int registered(SeckillMeter meter) {
        return find(meter).meters().size();
    }
}
