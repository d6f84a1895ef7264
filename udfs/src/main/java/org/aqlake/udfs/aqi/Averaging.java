package org.aqlake.udfs.aqi;

/** How the concentration behind a sub-index or a guideline check was averaged. */
public enum Averaging {
    /** EPA's NowCast over the last 12 hourly means (particulates). */
    NOWCAST("nowcast"),
    /** The mean of the current hour. */
    ONE_HOUR("1h"),
    /** The mean of the last 8 hourly means, at least 6 of them present. */
    EIGHT_HOURS("8h"),
    /** The mean of the last 24 hourly means, at least 18 of them present. */
    TWENTY_FOUR_HOURS("24h"),
    /** A calendar-year mean: never computed from hourly rows, listed for the WHO annual levels. */
    ANNUAL("annual"),
    /** WHO's peak-season ozone mean: never computed from hourly rows. */
    PEAK_SEASON("peak-season");

    private final String label;

    Averaging(String label) {
        this.label = label;
    }

    /** The value written to the lake, for example {@code 8h}. */
    public String label() {
        return label;
    }
}
