-- What the init SQL set, as the migration sees it.
CREATE TABLE observed AS SELECT current_setting('application_name') AS application_name;
