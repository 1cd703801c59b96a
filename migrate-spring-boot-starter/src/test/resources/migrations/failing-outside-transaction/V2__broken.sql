-- migrate:no-transaction
CREATE TABLE pages (id INT PRIMARY KEY);
INSERT INTO no_such_table (id) VALUES (1);
