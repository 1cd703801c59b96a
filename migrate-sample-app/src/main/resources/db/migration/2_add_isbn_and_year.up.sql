ALTER TABLE books ADD COLUMN isbn VARCHAR(20);
ALTER TABLE books ADD COLUMN published_year INT;
CREATE UNIQUE INDEX books_isbn ON books (isbn);
