package io.capstan.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextTableTest {
    private static String print(TextTable table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void columnsAreAsWideAsTheirWidestCellWithoutTrailingSpaces() {
        TextTable table = new TextTable(List.of("ID", "NAME", "NOTE")).row("10", "a", "").row("2", "longer name", "x");

        assertThat(print(table)).isEqualTo("ID  NAME         NOTE\n10  a\n2   longer name  x\n");
    }

    @Test
    void cellsStayOnOneLineAndNullsPrintEmpty() {
        TextTable table = new TextTable(List.of()).row("a\nb\tc", null, "d");

        assertThat(print(table)).isEqualTo("a b c    d\n");
    }
}
