-- Leaves the session changed: a role of lesser rights and a setting.
CREATE TABLE notes (id INT PRIMARY KEY, body TEXT);
SET lock_timeout = '4321ms';
SET ROLE pg_monitor;
