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
    void keepsEachRowOnOneLine() throws Exception {
        var items = JSON.readTree("[{\"detail\":\"two\\nlines\"}]");

        assertThat(PlainText.table(items, List.of(Column.of("DETAIL", "detail")))).containsExactly("DETAIL", "two lines");
    }
}
