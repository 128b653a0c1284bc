package io.github.seckill.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.AttemptResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's Java snippets are compiled code: each block is a region of {@link ReadmeSnippets}. */
class ReadmeSnippetsTest {

    private static final Path ROOT = findRoot();
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern REGION =
            Pattern.compile("// tag::([a-z-]+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheReadmeIsACompiledSnippet() throws IOException {
        Map<String, String> regions = regions();
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
        while (m.find()) {
            blocks.add(normalize(m.group(1)));
        }
        assertThat(blocks).as("the README has Java snippets").isNotEmpty();
        for (String block : blocks) {
            assertThat(regions.values()).as("README block not found in %s:%n%s", SNIPPETS, block)
                    .contains(block);
        }
    }

    @Test
    void theQuickStartRuns() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            AttemptResult result = ReadmeSnippets.inMemory(1, Instant.now().minusSeconds(1),
                    Instant.now().plusSeconds(60), scheduler, 42, "r-1");
            assertThat(result.isAdmitted()).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** The snippets' sources: the Spring Boot one is compiled (and run) by the starter's tests. */
    private static final List<String> SNIPPETS = List.of(
            "seckill-example-app/src/test/java/io/github/seckill/example/readme/ReadmeSnippets.java",
            "seckill-spring-boot-starter/src/test/java/io/github/seckill/spring/boot/ReadmeBootSnippets.java");

    private static Map<String, String> regions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        for (String source : SNIPPETS) {
            Matcher m = REGION.matcher(Files.readString(ROOT.resolve(source)));
            int before = regions.size();
            while (m.find()) {
                regions.put(m.group(1), normalize(m.group(2)));
            }
            assertThat(regions.size()).as("regions in %s", source).isGreaterThan(before);
        }
        return regions;
    }

    /** Drops the common indentation and trailing whitespace, so a region and a block compare as text. */
    static String normalize(String code) {
        List<String> lines = new ArrayList<>(List.of(code.stripTrailing().split("\n", -1)));
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
