package dev.migrate;

/** The JDBC connection leads to a database product Migrate has no dialect for. */
public class UnsupportedDatabaseException extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    private final String product;

    public UnsupportedDatabaseException(String product, java.util.List<String> supported) {
        super("Unsupported database '" + product + "': Migrate supports " + String.join(", ", supported)
                + ". Point the JDBC URL at one of those.");
        this.product = product;
    }

    public String product() {
        return product;
    }
}
