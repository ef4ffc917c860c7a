package org.credentialcourier.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.credentialcourier.bulk.CsvReader.MalformedCsv;
import org.credentialcourier.bulk.CsvReader.Record;
import org.junit.jupiter.api.Test;

/** The CSV reader of the bulk import on its own: fields, quotes and the line numbers the refusals name. */
class CsvReaderTest {

    @Test
    void recordsEndAtLfCrlfOrALoneCrAndCountTheirLines() {
        assertThat(CsvReader.read("email,firstName\nada@example.org,Ada\r\nbob@example.org,Bob\rcy@example.org,Cy"))
                .containsExactly(
                        row(1, "email", "firstName"),
                        row(2, "ada@example.org", "Ada"),
                        row(3, "bob@example.org", "Bob"),
                        row(4, "cy@example.org", "Cy"));
    }

    @Test
    void aFinalLineBreakMakesNoEmptyRecordButAnEmptyLineIsABlankRecord() {
        assertThat(CsvReader.read("a,b\n")).containsExactly(row(1, "a", "b"));
        List<Record> records = CsvReader.read("a\n\nb\n");
        assertThat(records).containsExactly(row(1, "a"), row(2, ""), row(3, "b"));
        assertThat(records.get(1).blank()).isTrue();
        assertThat(records.get(0).blank()).isFalse();
        assertThat(row(1, " ", "").blank()).as("two empty fields are a row, not a blank line").isFalse();
    }

    @Test
    void emptyInputHasNoRecords() {
        assertThat(CsvReader.read("")).isEmpty();
        assertThat(CsvReader.read("\uFEFF")).isEmpty();
    }

    @Test
    void emptyFieldsAreKeptInTheirPlaces() {
        assertThat(CsvReader.read(",a,,\n")).containsExactly(row(1, "", "a", "", ""));
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() {
        String text = "\"Lovelace, Ada\",\"say \"\"hi\"\"\"\n\"two\r\nlines\",x\nnext,row";
        assertThat(CsvReader.read(text)).containsExactly(row(1, "Lovelace, Ada", "say \"hi\""),
                row(2, "two\r\nlines", "x"), row(4, "next", "row"));
    }

    @Test
    void anEmptyQuotedFieldAtTheEndIsARecord() {
        assertThat(CsvReader.read("a,\"\"")).containsExactly(row(1, "a", ""));
        assertThat(CsvReader.read("\"\"")).containsExactly(row(1, ""));
    }

    @Test
    void quotesInsideAnUnquotedFieldAndTextAfterAClosingQuoteAreKeptAsTheyStand() {
        assertThat(CsvReader.read("a\"b,\"ab\"c,\"\"d")).containsExactly(
                row(1, "a\"b", "abc", "d"));
    }

    @Test
    void aLeadingByteOrderMarkIsDroppedOnlyAtTheStart() {
        assertThat(CsvReader.read("\uFEFFemail\nada@example.org")).containsExactly(
                row(1, "email"), row(2, "ada@example.org"));
        assertThat(CsvReader.read("a,\uFEFFb")).containsExactly(row(1, "a", "\uFEFFb"));
    }

    @Test
    void anUnclosedQuoteNamesTheLineItStartsOn() {
        assertThatThrownBy(() -> CsvReader.read("a,b\nc,d\n\"never\nclosed,x\n"))
                .isInstanceOf(MalformedCsv.class)
                .hasMessage("A quoted field that starts on line 3 is never closed")
                .satisfies(thrown -> assertThat(((MalformedCsv) thrown).line()).isEqualTo(3));
    }

    private static Record row(int line, String... fields) {
        return new Record(line, List.of(fields));
    }
}
