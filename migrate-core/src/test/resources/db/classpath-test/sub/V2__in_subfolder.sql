-- migrate:depends-on 1
CREATE TABLE in_subfolder (id INT);
