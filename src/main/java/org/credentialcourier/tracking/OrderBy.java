package org.credentialcourier.tracking;

/** The ORDER BY of the read models' lists: allow-listed columns, then the id that breaks ties, in one direction. */
final class OrderBy {

    private OrderBy() {
    }

    /** {@code ORDER BY a ASC, b ASC, id ASC}: every column from the caller's allow-list, never from a request. */
    static String clause(boolean ascending, String tieBreaker, String... columns) {
        String direction = ascending ? " ASC" : " DESC";
        StringBuilder clause = new StringBuilder(" ORDER BY ");
        for (String column : columns) {
            clause.append(column).append(direction).append(", ");
        }
        return clause.append(tieBreaker).append(direction).toString();
    }
}
