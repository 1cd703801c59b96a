-- Dropping the column drops its index books_isbn too, on every database (MariaDB would need
-- DROP INDEX ... ON books, which PostgreSQL and H2 reject).
ALTER TABLE books DROP COLUMN published_year;
ALTER TABLE books DROP COLUMN isbn;
