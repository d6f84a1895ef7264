package org.aqlake.tools.dashboard;

/**
 * The US EPA's AQI categories with the colours EPA gives them (AirNow's "AQI basics"), for the page's
 * bands and legends. The AQI values themselves come from the aggregates, computed by the job.
 */
enum AqiCategory {
    GOOD("Good", 0, 50, "#00e400"),
    MODERATE("Moderate", 51, 100, "#ffff00"),
    SENSITIVE("Unhealthy for Sensitive Groups", 101, 150, "#ff7e00"),
    UNHEALTHY("Unhealthy", 151, 200, "#ff0000"),
    VERY_UNHEALTHY("Very Unhealthy", 201, 300, "#8f3f97"),
    HAZARDOUS("Hazardous", 301, 500, "#7e0023");

    final String label;
    final int low;
    final int high;
    final String colour;

    AqiCategory(String label, int low, int high, String colour) {
        this.label = label;
        this.low = low;
        this.high = high;
        this.colour = colour;
    }

    /** The category of an AQI value; values above 500 are Hazardous, as EPA's table extends. */
    static AqiCategory of(int aqi) {
        for (AqiCategory c : values()) {
            if (aqi <= c.high) {
                return c;
            }
        }
        return HAZARDOUS;
    }
}
