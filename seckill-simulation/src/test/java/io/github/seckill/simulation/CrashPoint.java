package io.github.seckill.simulation;

/**
 * A simulated JVM's calls to the shared backends pass here, before and after each: where the JVM can die between
 * any two of its steps. A JVM armed to die after a number of calls dies before the last one (the call never made) or
 * right after it (the call made, its answer lost with the JVM); a dead JVM's calls fail before they do anything.
 */
interface CrashPoint {

    /** Never dies: the simulator's own reads and writes. */
    CrashPoint NONE = new CrashPoint() {
        @Override
        public void before() {
        }

        @Override
        public void after() {
        }
    };

    /** @throws JvmDied if the JVM is dead, or dies now */
    void before();

    /** @throws JvmDied if the JVM dies now, its call made */
    void after();
}
