package io.github.seckill.testservers.junit;

import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RealServers;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class needs the shared MariaDB server ({@link RealServers#mariaDb()}): it is started, or
 * started again if a fault test left it stopped, before the class' tests run, and a {@link MariaDbEndpoint}
 * parameter of a constructor, test or lifecycle method receives a database of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealServersExtension.class)
public @interface WithMariaDb {

    /**
     * True (the default) to inject an empty database created for this test class, named after it, so that test
     * classes do not see each other's tables; false to inject the shared {@code seckill} database.
     */
    boolean freshDatabasePerClass() default true;
}
