package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The export's cells on their own: what a spreadsheet would run is shown as text, and quoting keeps each cell whole. */
class CsvCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"})
    void aCellThatWouldStartAFormulaIsText(String value) {
        assertThat(CsvCells.cell(value)).isEqualTo("\"'" + value.replace("\"", "\"\"") + "\"");
    }

    @Test
    void otherCellsAreQuotedAsTheyAre() {
        assertThat(CsvCells.cell("Zoë")).isEqualTo("\"Zoë\"");
        assertThat(CsvCells.cell("a=b")).as("only the first character counts").isEqualTo("\"a=b\"");
        assertThat(CsvCells.cell("say \"hi\", then\nleave")).isEqualTo("\"say \"\"hi\"\", then\nleave\"");
        assertThat(CsvCells.cell("")).isEqualTo("\"\"");
        assertThat(CsvCells.cell(null)).isEqualTo("\"\"");
    }

    @Test
    void aLineEndsWithCrLf() throws IOException {
        StringWriter out = new StringWriter();
        CsvCells.line(out, Arrays.asList("a", null, "-b"));
        assertThat(out).hasToString("\"a\",\"\",\"'-b\"\r\n");
        StringWriter empty = new StringWriter();
        CsvCells.line(empty, List.of());
        assertThat(empty).hasToString("\r\n");
    }
}
