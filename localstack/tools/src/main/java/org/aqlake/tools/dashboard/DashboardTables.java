package org.aqlake.tools.dashboard;

import java.util.Locale;

/** Each section of the page: its heading, the chart's place, and the table of its numbers. */
final class DashboardTables {

    private DashboardTables() {}

    static void freshness(Html h, DashboardData d) {
        open(h, "freshness", "The lake's freshness",
                "The newest hour of the readings table whose partition is committed (it has its _SUCCESS marker), and"
                        + " the readings in each of the newest committed hours.");
        h.raw("<p class=\"stat\">Latest committed hour: <strong id=\"latest-committed-hour\">");
        h.text(d.latestCommittedHour.map(t -> DashboardPage.hour(t) + " UTC").orElse("none yet"));
        h.raw("</strong>; its end is <strong id=\"behind-now\">");
        h.text(d.behind().map(DashboardPage::lag).orElse("–"));
        h.raw("</strong> behind now.</p>");
        table(h, "freshness", "Readings per committed hour (UTC), newest last", "hour (UTC)", "readings");
        d.committedHours.forEach(r -> row(h, DashboardPage.hour(r.hour), r.readings));
        close(h);
    }

    static void aqi(Html h, DashboardData d) {
        open(h, "aqi", "AQI per city",
                "The US EPA AQI per city and hour: the highest of the city's stations, in EPA's category colours.");
        h.raw("<ul class=\"legend\" aria-label=\"EPA AQI categories\">");
        for (AqiCategory c : AqiCategory.values()) {
            h.raw("<li><span class=\"swatch\" style=\"background:").raw(c.colour).raw("\"></span>").text(c.label)
                    .raw(" (").text(c.low + "–" + c.high).raw(")</li>");
        }
        h.raw("</ul>");
        table(h, "aqi", "AQI per city and hour (UTC)", "city", "hour (UTC)", "AQI", "category", "worst station",
                "dominant pollutant");
        for (DashboardRows.CityAqi r : d.aqi) {
            h.raw("<tr data-city=\"").text(r.city).raw("\" data-country=\"").text(r.country == null ? "" : r.country)
                    .raw("\" data-hour=\"").text(r.hour.toString()).raw("\"><td>").text(r.name()).raw("</td><td>").text(DashboardPage.hour(r.hour)).raw("</td><td class=\"aqi\">")
                    .text(r.aqi).raw("</td><td><span class=\"swatch\" style=\"background:").raw(r.category().colour)
                    .raw("\"></span>").text(r.category().label).raw("</td><td>").text(r.location).raw("</td><td>")
                    .text(r.dominantPollutant == null ? "" : r.dominantPollutant).raw("</td></tr>");
        }
        close(h);
    }

    static void means(Html h, DashboardData d) {
        open(h, "means", "Hourly means per pollutant",
                "The mean of every reading of a pollutant in the hour, all stations, in its reference unit.");
        table(h, "means", "Hourly mean per pollutant (UTC)", "pollutant", "unit", "hour (UTC)", "mean", "readings");
        d.means.forEach(r -> row(h, r.parameter, r.unit, DashboardPage.hour(r.hour),
                String.format(Locale.ROOT, "%.2f", r.mean), r.readings));
        close(h);
    }

    static void who(Html h, DashboardData d) {
        open(h, "who", "Hours above WHO guidelines",
                "Per city and pollutant: the hours whose running mean (24 h, 8 h for O3) was above the WHO 2021"
                        + " guideline at any of the city's stations.");
        table(h, "who", "Hours above the WHO 2021 guidelines", "city", "pollutant", "guideline", "hours above");
        d.who.forEach(r -> row(h, r.name(), r.parameter, r.guideline == null ? "" : r.guideline, r.hoursAbove));
        close(h);
    }

    static void deadLetters(Html h, DashboardData d) {
        open(h, "dead-letters", "Dead letters by type",
                "Records that could not become a reading, by the type the job gave them (job/README.md).");
        table(h, "dead-letters", "Dead letters by type", "type", "dead letters");
        d.deadLetters.forEach(r -> row(h, r.type, r.count));
        close(h);
    }

    private static void open(Html h, String id, String title, String description) {
        h.raw("<section id=\"").raw(id).raw("\" aria-labelledby=\"").raw(id).raw("-title\"><h2 id=\"").raw(id)
                .raw("-title\">").text(title).raw("</h2><p>").text(description).raw("</p><div class=\"chart\" id=\"chart-")
                .raw(id).raw("\" aria-hidden=\"true\"></div>");
    }

    private static void table(Html h, String id, String caption, String... columns) {
        h.raw("<details open><summary>The numbers</summary><div class=\"table\"><table id=\"table-").raw(id)
                .raw("\"><caption>").text(caption).raw("</caption><thead><tr>");
        for (String c : columns) {
            h.raw("<th scope=\"col\">").text(c).raw("</th>");
        }
        h.raw("</tr></thead><tbody>");
    }

    private static void row(Html h, Object... cells) {
        h.raw("<tr>");
        for (Object c : cells) {
            h.raw("<td>").text(c).raw("</td>");
        }
        h.raw("</tr>");
    }

    private static void close(Html h) {
        h.raw("</tbody></table></div></details></section>\n");
    }
}
