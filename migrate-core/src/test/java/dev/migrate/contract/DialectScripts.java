package dev.migrate.contract;

/** Scripts in each database's own syntax, each filling {@code dialect_result} with two rows. */
final class DialectScripts {

    private DialectScripts() {
    }

    static final String POSTGRES = """
            CREATE TABLE dialect_result (id INT, note TEXT);
            -- a function body in named dollar quotes, with ';' and quotes inside
            CREATE FUNCTION add_row(n INT) RETURNS void AS $body$
            BEGIN
              INSERT INTO dialect_result VALUES (n, 'semi;colon ''quoted'' $$');
            END;
            $body$ LANGUAGE plpgsql;
            DO $$ BEGIN PERFORM add_row(1); PERFORM add_row(2); END $$;
            """;

    static final String MARIADB = """
            CREATE TABLE dialect_result (id INT, note VARCHAR(50));
            DELIMITER //
            CREATE PROCEDURE add_row(IN n INT)
            BEGIN
              IF n > 0 THEN
                INSERT INTO dialect_result VALUES (n, 'semi;colon \\' escaped');
              END IF;
            END //
            DELIMITER ;
            CALL add_row(1);
            # a hash comment; with a semicolon
            CALL add_row(2)
            """;

    static final String H2 = """
            CREATE TABLE dialect_result (id INT, note VARCHAR(50));
            INSERT INTO dialect_result VALUES (1, 'semi;colon -- not a comment');
            /* block; comment */ INSERT INTO dialect_result VALUES (2, $$dollar;quoted$$);
            """;

    static final String SQLITE = """
            CREATE TABLE dialect_source (id INT);
            CREATE TABLE dialect_result (id INT, note TEXT);
            CREATE TRIGGER copy_row AFTER INSERT ON dialect_source
            BEGIN
              INSERT INTO dialect_result VALUES (NEW.id, 'semi;colon');
            END;
            INSERT INTO dialect_source VALUES (1);
            INSERT INTO dialect_source VALUES (2);
            """;
}
