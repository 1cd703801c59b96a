CREATE TABLE observed AS SELECT current_setting('statement_timeout') AS statement_timeout, current_user::text AS role;
