package org.aqlake.tools.dashboard;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's markup, without a browser: hostile names stay text, and the embedded data cannot end its script. */
class DashboardPageTest {

    static final Instant HOUR = Instant.parse("2024-05-01T03:00:00Z");
    static final Instant NOW = Instant.parse("2024-05-01T06:20:00Z");
    static final String HOSTILE = "</script><script>alert(1)</script>";

    static DashboardData data() {
        DashboardData d = new DashboardData();
        d.lake = "file:///lake";
        d.now = NOW;
        d.aqi.add(new DashboardRows.CityAqi(HOSTILE, null, HOUR, 153, "<b>station</b>", "pm25"));
        d.deadLetters.add(new DashboardRows.DeadLetters("invalid-json", 3));
        d.latestCommittedHour = Optional.of(HOUR);
        return d;
    }

    @Test
    void aHostileCityNameIsTextInTheTableAndStringDataInTheScript() {
        String html = DashboardPage.render(data());
        Document page = Jsoup.parse(html);

        assertThat(page.select("#table-aqi tbody tr").get(0).attr("data-city")).isEqualTo(HOSTILE);
        assertThat(page.select("#table-aqi tbody td").get(0).text()).isEqualTo(HOSTILE);
        assertThat(page.select("#table-aqi b")).isEmpty();
        // only the page's own three scripts: the data, the charting library, the charts
        assertThat(page.select("script")).hasSize(3);
        assertThat(page.getElementById("aq-data").data()).contains("<\\/script>");
    }

    @Test
    void aCitysAqiIsShownWithItsEpaCategory() {
        Document page = Jsoup.parse(DashboardPage.render(data()));

        assertThat(page.select("#table-aqi tbody td").eachText())
                .containsExactly(HOSTILE, "2024-05-01 03:00", "153", "Unhealthy", "<b>station</b>", "pm25");
    }

    @Test
    void theFreshnessIsTheLatestCommittedHourAndHowFarItsEndIsBehindNow() {
        Document page = Jsoup.parse(DashboardPage.render(data()));

        assertThat(page.getElementById("latest-committed-hour").text()).isEqualTo("2024-05-01 03:00 UTC");
        assertThat(page.getElementById("behind-now").text()).isEqualTo("2 h 20 min");
        assertThat(DashboardPage.lag(Duration.ofHours(50))).isEqualTo("2 d 2 h");
    }

    @Test
    void aLakeWithoutACommittedHourSaysSo() {
        DashboardData d = data();
        d.latestCommittedHour = Optional.empty();

        Document page = Jsoup.parse(DashboardPage.render(d));

        assertThat(page.getElementById("latest-committed-hour").text()).isEqualTo("none yet");
    }

    @Test
    void onlyTheDefaultTemplatesHourPartitionsHaveAnHour() {
        assertThat(DashboardData.hourOf("year=2024/month=05/day=01/hour=03")).contains(HOUR);
        assertThat(DashboardData.hourOf("dt=2024-05-01")).isEmpty();
    }

    @Test
    void everyAqiFallsInTheEpaCategoryWhoseRangeHoldsIt() {
        assertThat(AqiCategory.of(0)).isEqualTo(AqiCategory.GOOD);
        assertThat(AqiCategory.of(50)).isEqualTo(AqiCategory.GOOD);
        assertThat(AqiCategory.of(51)).isEqualTo(AqiCategory.MODERATE);
        assertThat(AqiCategory.of(301)).isEqualTo(AqiCategory.HAZARDOUS);
        assertThat(AqiCategory.of(650)).isEqualTo(AqiCategory.HAZARDOUS);
    }
}
