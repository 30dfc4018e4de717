package io.logdump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.testutil.Readme;
import io.logdump.testutil.Readme.Block;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What can be checked of the README's commands without running them ({@code ReadmeCommandsIT} runs them). */
class ReadmeCommandsTest {
    private static final Pattern POSTED_FILE = Pattern.compile("--data-binary @(\\S+)");

    private static List<Block> runBlocks() throws Exception {
        return Readme.blocks().stream().filter(b -> b.isShell() && b.skip() == null).toList();
    }

    @Test
    void everyFileAnExamplePostsShipsWithTheRepository() throws Exception {
        List<String> posted = runBlocks().stream().flatMap(b -> POSTED_FILE.matcher(b.text()).results())
                .map(m -> m.group(1)).filter(f -> !f.equals("-")).toList();
        assertThat(posted).as("the examples post sample files").isNotEmpty();
        assertThat(posted).allSatisfy(f -> assertThat(Path.of(f)).as("a path relative to the repository's top folder").isRegularFile());
    }

    @Test
    void theServersAddressIsOnlyTheDefaultOfLogdumpServer() throws Exception {
        List<Block> blocks = runBlocks();
        assertThat(blocks.get(0).text()).as("the first block that runs names the server")
                .contains("export LOGDUMP_SERVER=${LOGDUMP_SERVER:-http://127.0.0.1:8080}");
        for (Block b : blocks) {
            String rest = b.text().replace("${LOGDUMP_SERVER:-http://127.0.0.1:8080}", "");
            assertThat(rest).as("%s: an address other than $LOGDUMP_SERVER", b).doesNotContain(":8080");
            assertThat(rest).as("%s: a placeholder a user cannot paste", b).doesNotContain("XXXXXXXX", "<this");
        }
    }

    @Test
    void onlyCommandsThatCannotRunInTheTestAreSkippedAndEachSaysWhy() throws Exception {
        List<Block> skipped = Readme.blocks().stream().filter(b -> b.skip() != null).toList();
        assertThat(skipped).allSatisfy(b -> assertThat(b.skip()).isNotBlank());
        assertThat(skipped).extracting(Block::text).anyMatch(t -> t.contains("apt-get install"))
                .anyMatch(t -> t.contains("./logdump server")).anyMatch(t -> t.contains("mvn -B verify"));
        assertThat(runBlocks()).as("the blocks the test runs").hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void aMarkerMustStandRightBeforeAFence() {
        assertThat(Readme.blocks("<!-- readme-test: skip (long-running) -->\n```sh\n./logdump server\n```\n"))
                .singleElement().satisfies(b -> assertThat(b.skip()).isEqualTo("long-running"));
        assertThat(Readme.blocks("Mark a block with `<!-- readme-test: skip (why) -->`.\n```sh\necho\n```\n"))
                .singleElement().satisfies(b -> assertThat(b.skip()).as("a marker quoted in a sentence marks nothing").isNull());
        assertThatThrownBy(() -> Readme.blocks("<!-- readme-test: skip (why) -->\ntext\n```sh\necho\n```\n"))
                .hasMessageContaining("line 2");
    }

    @Test
    void theLinesAfterABlockAreItsTable() {
        Block b = Readme.blocks("```sql\nSELECT 1 AS one;\n```\n\n| one |\n|---|\n| 1 |\n\nmore\n").get(0);
        assertThat(b.after()).containsExactly("| one |", "|---|", "| 1 |");
    }
}
