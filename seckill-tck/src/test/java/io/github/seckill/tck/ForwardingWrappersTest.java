package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.ledger.StockLedger;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each forwarding wrapper overrides every method of its SPI, default methods included, and hands the call, its
 * arguments and its result through unchanged: an SPI method added later fails here until the wrapper forwards it.
 */
class ForwardingWrappersTest {

    static Stream<Arguments> wrappers() {
        return Stream.of(
                wrapper(StockLedger.class, ForwardingStockLedger.class, d -> new ForwardingStockLedger(d) { }),
                wrapper(AdmissionGate.class, ForwardingAdmissionGate.class, d -> new ForwardingAdmissionGate(d) { }),
                wrapper(ShardedStockStore.class, ForwardingShardedStockStore.class,
                        d -> new ForwardingShardedStockStore(d) { }));
    }

    private static <T> Arguments wrapper(Class<T> spi, Class<? extends T> forwarding, Function<T, T> wrap) {
        return Arguments.of(spi, forwarding, wrap);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrappers")
    void overridesEveryMethodOfTheSpi(Class<?> spi, Class<?> forwarding) {
        for (Method m : spiMethods(spi)) {
            assertThat(declares(forwarding, m)).as("%s overrides %s", forwarding.getSimpleName(), m).isTrue();
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrappers")
    <T> void forwardsEveryCallWithItsArgumentsAndResult(Class<T> spi, Class<?> forwarding, Function<T, T> wrap)
            throws Exception {
        List<Object[]> calls = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        T delegate = spi.cast(Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi}, (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, m, args, "delegate");
            }
            calls.add(new Object[] {m, args == null ? new Object[0] : args});
            Object result = sample(m.getReturnType());
            results.add(result);
            return result;
        }));
        T wrapper = wrap.apply(delegate);
        for (Method m : spiMethods(spi)) {
            Object[] args = Arrays.stream(m.getParameterTypes()).map(ForwardingWrappersTest::argument).toArray();
            calls.clear();
            results.clear();
            Object returned = m.invoke(wrapper, args);
            assertThat(calls).as("calls to the delegate for %s", m).hasSize(1);
            assertThat(calls.get(0)[0]).isEqualTo(m);
            assertThat((Object[]) calls.get(0)[1]).as("arguments of %s", m).containsExactly(args);
            if (m.getReturnType().isPrimitive()) {
                assertThat(returned).as("result of %s", m).isEqualTo(results.get(0));
            } else {
                assertThat(returned).as("result of %s", m).isSameAs(results.get(0));
            }
        }
        assertThat(wrapper.toString()).contains("delegate");
    }

    private static List<Method> spiMethods(Class<?> spi) {
        return Arrays.stream(spi.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == spi).toList();
    }

    private static boolean declares(Class<?> type, Method m) {
        try {
            type.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** A distinct argument of each type: the delegate must receive these very objects. */
    private static Object argument(Class<?> type) {
        if (type == long.class) {
            return 41L;
        }
        if (type == int.class) {
            return 3;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 2);
        }
        if (type == String.class) {
            return "reason";
        }
        if (type.isInterface()) {
            return proxyOf(type);
        }
        return null;
    }

    /** A result the wrapper must return as it is. */
    private static Object sample(Class<?> type) {
        if (type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == long.class) {
            return 7L;
        }
        if (type == int.class) {
            return 7;
        }
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 1);
        }
        if (type.isInterface()) {
            return proxyOf(type);
        }
        return null;
    }

    private static Object proxyOf(Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, m, args) -> m.getDeclaringClass() == Object.class
                        ? objectMethod(proxy, m, args, type.getSimpleName()) : sample(m.getReturnType()));
    }

    /** Identity semantics for {@code equals}, {@code hashCode} and {@code toString} of a proxy. */
    private static Object objectMethod(Object proxy, Method m, Object[] args, String name) {
        return switch (m.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> name;
        };
    }
}
