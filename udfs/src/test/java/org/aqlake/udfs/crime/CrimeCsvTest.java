package org.aqlake.udfs.crime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class CrimeCsvTest {

    static final String HEADER = "cdatetime,address,district,beat,grid,crimedescr,ucr_ncic_code,latitude,longitude";
    static final String FIRST = "1/1/06 0:00,3108 OCCIDENTAL DR,3,3C        ,1115,10851(A)VC TAKE VEH W/O OWNER,2404,"
            + "38.55042047,-121.3914158";
    static final String SECOND = "1/1/06 0:00,2082 EXPEDITION WAY,5,5A        ,1512,459 PC  BURGLARY RESIDENCE,2204,"
            + "38.47350069,-121.4901858";
    static final LocalDateTime NEW_YEAR_2006 = LocalDateTime.of(2006, 1, 1, 0, 0);

    static CrimeRow onlyRow(String batch) {
        List<CrimeLine> lines = CrimeCsv.parse(batch);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).row).as("%s", lines.get(0)).isPresent();
        return lines.get(0).row.get();
    }

    static CrimeLine onlyDeadLetter(String batch) {
        List<CrimeLine> lines = CrimeCsv.parse(batch);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).row).as("%s", lines.get(0)).isEmpty();
        return lines.get(0);
    }

    @Test
    void theExportsFirstLineBecomesATypedRowWithTheBeatTrimmed() {
        CrimeRow r = onlyRow(HEADER + "\n" + FIRST + "\n");

        assertThat(r.cdatetime).isEqualTo(NEW_YEAR_2006);
        assertThat(r.address).contains("3108 OCCIDENTAL DR");
        assertThat(r.district).contains(3);
        assertThat(r.beat).contains("3C");
        assertThat(r.grid).contains(1115);
        assertThat(r.crimedescr).contains("10851(A)VC TAKE VEH W/O OWNER");
        assertThat(r.ucrNcicCode).contains(2404);
        assertThat(r.coordinates.get().latitude).isEqualTo(38.55042047);
        assertThat(r.coordinates.get().longitude).isEqualTo(-121.3914158);
    }

    @Test
    void lfCrlfAndCrAloneEndLinesAlike() {
        for (String eol : List.of("\n", "\r\n", "\r")) {
            List<CrimeLine> lines = CrimeCsv.parse(HEADER + eol + FIRST + eol + SECOND);

            assertThat(lines).as("line end %s", eol.replace("\r", "CR").replace("\n", "LF"))
                    .extracting(l -> l.row.get().address.get())
                    .containsExactly("3108 OCCIDENTAL DR", "2082 EXPEDITION WAY");
            assertThat(lines).extracting(l -> l.lineNumber).containsExactly(2, 3);
            assertThat(lines).extracting(l -> l.line).containsExactly(FIRST, SECOND);
        }
    }

    @Test
    void aBatchWithoutAHeaderIsReadInTheExportsOrder() {
        assertThat(CrimeCsv.parse(FIRST + "\r" + SECOND + "\r")).hasSize(2).allMatch(l -> l.row.isPresent());
    }

    @Test
    void aFourDigitYearAndSecondsAreReadToo() {
        assertThat(onlyRow(FIRST.replace("1/1/06 0:00", "1/1/2006 0:00:00")).cdatetime).isEqualTo(NEW_YEAR_2006);
        assertThat(onlyRow(FIRST.replace("1/1/06 0:00", "2006-01-01 00:00:00")).cdatetime).isEqualTo(NEW_YEAR_2006);
        assertThat(onlyRow(FIRST.replace("1/1/06 0:00", "1/1/2006 12:05:00 AM")).cdatetime)
                .isEqualTo(NEW_YEAR_2006.plusMinutes(5));
    }

    @Test
    void twoDigitYearsFrom70AreThe1900s() {
        assertThat(onlyRow(FIRST.replace("1/1/06", "12/31/69")).cdatetime.getYear()).isEqualTo(2069);
        assertThat(onlyRow(FIRST.replace("1/1/06", "1/1/70")).cdatetime.getYear()).isEqualTo(1970);
    }

    @Test
    void aLeadingIdColumnIsToldByItsFieldCountOrNamedInTheHeader() {
        assertThat(onlyRow("17," + FIRST).grid).contains(1115);
        assertThat(onlyRow("id," + HEADER + "\n17," + FIRST).grid).contains(1115);
        assertThat(onlyRow("," + HEADER + "\r\n0," + FIRST).grid).contains(1115);
    }

    @Test
    void aHeaderInAnotherOrderGivesTheColumnsByName() {
        String header = "LATITUDE,longitude,cdatetime,district,beat,grid,crimedescr,ucr_ncic_code,address";
        String line = "38.5,-121.4,1/2/06 3:04,3,3C  ,1115,THEFT,2404,\"1 A ST, APT 2\"";

        CrimeRow r = onlyRow(header + "\n" + line);

        assertThat(r.address).contains("1 A ST, APT 2");
        assertThat(r.cdatetime).isEqualTo(LocalDateTime.of(2006, 1, 2, 3, 4));
        assertThat(r.coordinates.get().latitude).isEqualTo(38.5);
    }

    @Test
    void theTruncatedLastLineOfTheSharedCopyIsADeadLetterNamingTheLongitude() {
        String truncated = "1/31/06 1:21,24TH ST / FLORIN RD,4,5A        ,1356,TOWED/STORED VEH-14602.6,7000,"
                + "38.49575914,-121.";

        CrimeLine l = onlyDeadLetter(HEADER + "\n" + truncated);

        assertThat(l.errorType).contains(CrimeLine.SCHEMA_MISMATCH);
        assertThat(l.reason.get()).startsWith("longitude: '-121.'").contains("truncated");
        assertThat(l.line).isEqualTo(truncated);
        assertThat(l.lineNumber).isEqualTo(2);
    }

    @Test
    void emptyFieldsAreNullsButTheTimeIsRequired() {
        CrimeRow r = onlyRow("1/1/06 0:00,,,,,,,,");
        assertThat(r.address).isEmpty();
        assertThat(r.district).isEmpty();
        assertThat(r.coordinates).isEmpty();

        assertThat(onlyDeadLetter(",A ST,3,3C,1115,X,2404,38.5,-121.4").reason.get()).startsWith("cdatetime: is empty");
    }

    @Test
    void eachWrongFieldIsADeadLetterOfItsType() {
        assertThat(onlyDeadLetter(FIRST.replace("1/1/06", "2/30/06")).reason.get()).startsWith("cdatetime: '2/30/06 0:00'");
        assertThat(onlyDeadLetter(FIRST.replace(",1115,", ",11x5,")).reason.get()).isEqualTo("grid: '11x5' is not a 32-bit integer");
        assertThat(onlyDeadLetter(FIRST.replace(",2404,", ",99999999999,")).errorType).contains(CrimeLine.SCHEMA_MISMATCH);
        assertThat(onlyDeadLetter(FIRST.replace("38.55042047", "98.5")).errorType).contains(CrimeLine.VALUE_OUT_OF_RANGE);
        assertThat(onlyDeadLetter(FIRST.replace("38.55042047", "NaN")).errorType).contains(CrimeLine.SCHEMA_MISMATCH);
        assertThat(onlyDeadLetter(FIRST.replace("38.55042047", "")).reason.get())
                .isEqualTo("latitude: is empty while the other coordinate is given");
    }

    @Test
    void whatIsNotCsvOrHasNoLayoutIsACsvDeadLetter() {
        assertThat(onlyDeadLetter(FIRST.replace("3108", "\"3108")).errorType).contains(CrimeLine.CSV_PARSE_FAILED);
        assertThat(onlyDeadLetter("1/1/06 0:00,A ST,3").reason.get()).startsWith("the line has 3 fields");
        assertThat(onlyDeadLetter("x," + FIRST).errorType).contains(CrimeLine.CSV_PARSE_FAILED);
        assertThat(onlyDeadLetter(HEADER + "\n" + "5," + FIRST).reason.get())
                .isEqualTo("the line has 10 fields; the header before it has 9");
    }

    @Test
    void aHeaderThatLacksAColumnMakesEachOfItsLinesADeadLetterThatSaysSo() {
        List<CrimeLine> lines = CrimeCsv.parse(HEADER.replace(",beat,", ",beet,") + "\n" + FIRST + "\n" + SECOND);

        assertThat(lines).hasSize(2).allMatch(l -> l.reason.get().equals("the header names no column 'beat'"));
    }

    @Test
    void bytesThatAreNotUtf8MakeTheirLineADeadLetterAndNoOther() {
        byte[] bad = (FIRST + "\n" + "1/1/06 0:00,\u0000X\n" + SECOND).getBytes(StandardCharsets.UTF_8);
        int at = FIRST.length() + 13;
        bad[at] = (byte) 0xC3;

        List<CrimeLine> lines = CrimeCsv.parse(bad);

        assertThat(lines).extracting(l -> l.errorType.orElse("row"))
                .containsExactly("row", CrimeLine.CSV_PARSE_FAILED, "row");
        assertThat(lines.get(1).reason.get()).contains("not valid UTF-8");
    }

    @Test
    void blankLinesGiveNothingButAreCountedInTheLineNumbers() {
        List<CrimeLine> lines = CrimeCsv.parse("\n\r\n" + FIRST + "\n   \n" + SECOND + "\n\n");

        assertThat(lines.stream().map(l -> l.lineNumber).collect(Collectors.toList())).containsExactly(3, 5);
    }

    @Test
    void aLineOfFormFeedVerticalTabOrEmSpaceIsADeadLetterNotSilentlyDropped() {
        List<CrimeLine> lines = CrimeCsv.parse(FIRST + "\n\f\n\u000B\n\u2003\n \t\u00A0\n" + SECOND + "\n");

        assertThat(lines.stream().map(l -> l.lineNumber).collect(Collectors.toList())).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(lines.subList(1, 5)).allMatch(l -> l.errorType.isPresent());
    }

    @Test
    void onlyEmptyLinesAndLinesOfSpacesAndTabsAreBlank() {
        assertThat(List.of("", " ", "\t", " \t  \t")).allMatch(CrimeCsv::isBlankLine);
        assertThat(List.of("\f", "\u000B", "\u2003", "\u00A0", "\u3000", "\u001C", " x ", "\uFEFF"))
                .noneMatch(CrimeCsv::isBlankLine);
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsNotPartOfItsFirstName() {
        assertThat(onlyRow("\uFEFF" + HEADER + "\n" + FIRST).grid).contains(1115);
    }
}
