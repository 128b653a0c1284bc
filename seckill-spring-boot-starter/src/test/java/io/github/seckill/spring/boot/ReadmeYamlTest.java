package io.github.seckill.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * The README's application.yml: every seckill key is a property of the starter (as its generated metadata lists
 * them), the values bind, and the Boot keys are the ones the starter reads.
 */
class ReadmeYamlTest {

    private static final Pattern YAML = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmesApplicationYmlNamesRealPropertiesAndBinds() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        Matcher m = YAML.matcher(Files.readString(dir.resolve("README.md")));
        assertThat(m.find()).as("the README has a yaml block").isTrue();
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("README.md",
                new ByteArrayResource(m.group(1).getBytes(StandardCharsets.UTF_8)));
        Set<String> keys = new HashSet<>();
        for (PropertySource<?> source : yaml) {
            keys.addAll(List.of(((EnumerablePropertySource<?>) source).getPropertyNames()));
        }
        Set<String> known = metadataNames();
        assertThat(keys.stream().filter(k -> k.startsWith("seckill.")).toList()).isNotEmpty()
                .allSatisfy(k -> assertThat(known).contains(k));
        assertThat(keys.stream().filter(k -> k.startsWith("spring.")).toList()).allSatisfy(k -> assertThat(k)
                .isIn("spring.data.redis.url", "spring.kafka.bootstrap-servers", "spring.datasource.url",
                        "spring.datasource.username", "spring.datasource.password"));

        StandardEnvironment environment = new StandardEnvironment();
        yaml.forEach(environment.getPropertySources()::addFirst);
        SeckillProperties bound = new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("seckill", SeckillProperties.class);
        assertThat(bound.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(bound.settler().consumers()).isEqualTo(2);
    }

    private static Set<String> metadataNames() throws IOException {
        Set<String> names = new HashSet<>();
        try (InputStream in = ReadmeYamlTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher name = Pattern.compile("\"name\"\\s*:\\s*\"(seckill\\.[^\"]+)\"").matcher(json);
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }
}
