package io.github.seckill.testservers.junit;

import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.RealServers;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class needs the shared Kafka broker ({@link RealServers#kafka()}): it is started, or
 * started again if a fault test left it stopped, before the class' tests run, and a {@link KafkaEndpoint}
 * parameter of a constructor, test or lifecycle method receives it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealServersExtension.class)
public @interface WithKafka {}
