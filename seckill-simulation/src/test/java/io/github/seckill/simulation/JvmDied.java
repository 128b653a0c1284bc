package io.github.seckill.simulation;

/**
 * Thrown through the SDK's code when its simulated JVM dies at a crash point. An {@link Error}, so that the SDK's own
 * handlers of backend failures do not take it for one; once a JVM is dead every backend call it makes throws this
 * before touching anything, so nothing it would still do after its death reaches durable state.
 */
final class JvmDied extends Error {
    private static final long serialVersionUID = 1L;

    JvmDied(String jvm) {
        super(jvm + " died", null, false, false);
    }
}
