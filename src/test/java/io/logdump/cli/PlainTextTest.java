package io.logdump.cli;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.cli.PlainText.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables and key: value lines made from JSON. */
class PlainTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void alignsColumnsCountingChineseCharactersAsTwoColumnsWide() throws Exception {
        var items = JSON.readTree(j("[{'name':'归档','status':'WAITING'},{'name':'nginx-archive','status':null}]"));

        List<String> lines = PlainText.table(items, List.of(Column.of("NAME", "name"), Column.of("STATUS", "status")));

        assertThat(lines).containsExactly(
                "NAME           STATUS",
                "归档           WAITING",
                "nginx-archive  -");
    }

    @Test
    void flattensNestedObjectsToDottedKeysAndListsToCommas() throws Exception {
        var task = JSON.readTree(j("{'id':'dt-1','format':{'type':'csv','columns':['a','b']},'counters':{'files':0,'next':null},"
                + "'columns':[{'name':'x','type':'long'}],'empty':{}}"));

        assertThat(PlainText.keyValues(task)).containsExactly("id: dt-1", "format.type: csv", "format.columns: a, b",
                "counters.files: 0", "counters.next: -", "columns: [{\"name\":\"x\",\"type\":\"long\"}]", "empty: {}");
    }

    @Test
    void showsTerminalControlCharactersFromTheServerEscaped() throws Exception {
        String evil = "a\u001b[2Jb\u0007c\rd\u009be\u202ef\u0000g\u007fh\u2066i\u200fj";
        var items = JSON.createArrayNode().add(JSON.createObjectNode().put("name", evil).put("k\u001bey", "v"));

        List<String> table = PlainText.table(items, List.of(Column.of("NAME", "name")));
        List<String> keyValues = PlainText.keyValues(items.get(0));

        for (String line : List.of(table.get(1), keyValues.get(0), keyValues.get(1), PlainText.safe(evil))) {
            assertThat(line.codePoints()).as(line).noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
        }
        assertThat(table.get(1)).isEqualTo("a\\x1b[2Jb\\x07c d\\x9be\\u202ef\\x00g\\x7fh\\u2066i\\u200fj");
        assertThat(keyValues.get(1)).isEqualTo("k\\x1bey: v");
        assertThat(PlainText.safe("名前 ok\ttab")).isEqualTo("名前 ok\\ttab");
    }

    @Test
    void keepsEachRowOnOneLine() throws Exception {
        var items = JSON.readTree("[{\"detail\":\"two\\nlines\"}]");

        assertThat(PlainText.table(items, List.of(Column.of("DETAIL", "detail")))).containsExactly("DETAIL", "two lines");
    }
}
