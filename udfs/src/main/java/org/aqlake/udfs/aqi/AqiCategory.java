package org.aqlake.udfs.aqi;

/**
 * The six AQI categories of EPA's Technical Assistance Document (EPA-454/B-24-002, Table 1). An
 * index above 500 is "beyond the AQI" and still reads as hazardous.
 */
public enum AqiCategory {
    GOOD(0, 50, "Good"),
    MODERATE(51, 100, "Moderate"),
    UNHEALTHY_FOR_SENSITIVE_GROUPS(101, 150, "Unhealthy for Sensitive Groups"),
    UNHEALTHY(151, 200, "Unhealthy"),
    VERY_UNHEALTHY(201, 300, "Very Unhealthy"),
    HAZARDOUS(301, Integer.MAX_VALUE, "Hazardous");

    private final int low;
    private final int high;
    private final String label;

    AqiCategory(int low, int high, String label) {
        this.low = low;
        this.high = high;
        this.label = label;
    }

    /** Lowest index of the category. */
    public int low() {
        return low;
    }

    /** Highest index of the category ({@link Integer#MAX_VALUE} for hazardous, which is open-ended). */
    public int high() {
        return high;
    }

    /** The name EPA reports, for example {@code Unhealthy for Sensitive Groups}. */
    public String label() {
        return label;
    }

    /**
     * The category of an index.
     *
     * @throws IllegalArgumentException for a negative index, which the AQI never produces
     */
    public static AqiCategory of(int aqi) {
        for (AqiCategory c : values()) {
            if (aqi >= c.low && aqi <= c.high) {
                return c;
            }
        }
        throw new IllegalArgumentException("an AQI is never negative: " + aqi);
    }
}
