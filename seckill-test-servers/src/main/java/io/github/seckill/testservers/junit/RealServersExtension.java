package io.github.seckill.testservers.junit;

import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RealServers;
import io.github.seckill.testservers.RedisClusterEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import java.lang.annotation.Annotation;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link WithRedis @WithRedis}, {@link WithRedisCluster @WithRedisCluster},
 * {@link WithKafka @WithKafka} and {@link WithMariaDb @WithMariaDb}: before a test class runs it starts the
 * servers its annotations ask for (shared through {@link RealServers}), and it injects {@link RedisEndpoint},
 * {@link RedisClusterEndpoint}, {@link KafkaEndpoint} and {@link MariaDbEndpoint} parameters, starting a server
 * on demand when a parameter asks for one the annotations did not name.
 *
 * <pre>{@code
 * @WithRedis
 * @WithKafka
 * class AdmissionIT {
 *   @Test
 *   void survivesBrokerRestart(RedisEndpoint redis, KafkaEndpoint kafka) {
 *     assumeTrue(kafka.isControllable(), "external broker");
 *     kafka.stop();
 *     ...
 *     kafka.start();
 *   }
 * }
 * }</pre>
 *
 * <p>A {@link MariaDbEndpoint} points at an empty database created once per test class (see
 * {@link WithMariaDb#freshDatabasePerClass()}).
 */
public final class RealServersExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RealServersExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        if (find(testClass, WithRedis.class).isPresent()) {
            RealServers.redis();
        }
        if (find(testClass, WithRedisCluster.class).isPresent()) {
            RealServers.redisCluster();
        }
        if (find(testClass, WithKafka.class).isPresent()) {
            RealServers.kafka();
        }
        if (find(testClass, WithMariaDb.class).isPresent()) {
            RealServers.mariaDb();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == RedisEndpoint.class || type == RedisClusterEndpoint.class || type == KafkaEndpoint.class
                || type == MariaDbEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == RedisEndpoint.class) {
            return RealServers.redis();
        }
        if (type == RedisClusterEndpoint.class) {
            return RealServers.redisCluster();
        }
        if (type == KafkaEndpoint.class) {
            return RealServers.kafka();
        }
        return mariaDbFor(extensionContext);
    }

    private static MariaDbEndpoint mariaDbFor(ExtensionContext context) {
        MariaDbEndpoint shared = RealServers.mariaDb();
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        boolean fresh = find(testClass, WithMariaDb.class).map(WithMariaDb::freshDatabasePerClass).orElse(true);
        if (!fresh) {
            return shared;
        }
        return classContext.getStore(NAMESPACE).computeIfAbsent(
                FreshDatabaseKey.of(testClass), key -> shared.createFreshDatabase(testClass.getSimpleName()),
                MariaDbEndpoint.class);
    }

    /** The annotation on the test class, a superclass, or an enclosing class of a {@code @Nested} class. */
    private static <A extends Annotation> Optional<A> find(Class<?> testClass, Class<A> annotation) {
        for (@Nullable Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            Optional<A> found = AnnotationSupport.findAnnotation(type, annotation);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private record FreshDatabaseKey(Class<?> testClass) {
        static FreshDatabaseKey of(Class<?> testClass) {
            return new FreshDatabaseKey(testClass);
        }
    }
}
