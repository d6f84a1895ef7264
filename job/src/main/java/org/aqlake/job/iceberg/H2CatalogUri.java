package org.aqlake.job.iceberg;

import java.util.regex.Pattern;

/**
 * Checks the URL of the JDBC catalog's database: an H2 database that several JVMs open at once (the job's
 * task managers, the SQL console, the local run's summary), with the names Iceberg gives its catalog tables.
 */
final class H2CatalogUri {

    /** AUTO_SERVER: the first JVM to open the file serves it to the others over TCP. */
    static final String EXAMPLE = "jdbc:h2:file:/data/catalog;AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE";
    private static final Pattern AUTO_SERVER = setting("AUTO_SERVER=TRUE");
    private static final Pattern LOWER_CASE_NAMES = setting("DATABASE_TO_UPPER=FALSE");
    private static final Pattern SERVED = Pattern.compile("^jdbc:h2:(tcp|ssl):");

    private H2CatalogUri() {}

    /** @throws IllegalArgumentException starting "jdbc-uri:", saying what the URL lacks */
    static String check(String uri) {
        if (!uri.startsWith("jdbc:h2:")) {
            throw rejected(uri, "is not a jdbc:h2: URL, the only database driver the job bundles");
        }
        if (uri.startsWith("jdbc:h2:mem:")) {
            throw rejected(uri, "is an in-memory database, which each JVM has to itself: use a file");
        }
        if (!SERVED.matcher(uri).find() && !AUTO_SERVER.matcher(uri).find()) {
            throw rejected(uri, "lacks ;AUTO_SERVER=TRUE, without which the first JVM to open the file locks every"
                    + " other out (another task manager, the SQL console)");
        }
        // Iceberg looks the columns of its catalog tables up in lower case, as it created them
        if (!LOWER_CASE_NAMES.matcher(uri).find()) {
            throw rejected(uri, "lacks ;DATABASE_TO_UPPER=FALSE, without which H2 folds the names of Iceberg's catalog"
                    + " tables to upper case and Iceberg no longer finds their columns");
        }
        return uri;
    }

    private static IllegalArgumentException rejected(String uri, String why) {
        return new IllegalArgumentException("jdbc-uri: '" + uri + "' " + why + ", for example " + EXAMPLE);
    }

    private static Pattern setting(String setting) {
        return Pattern.compile(";" + setting + "(;|$)", Pattern.CASE_INSENSITIVE);
    }
}
