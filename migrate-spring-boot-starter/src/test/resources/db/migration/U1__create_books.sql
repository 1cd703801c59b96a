DROP VIEW IF EXISTS book_titles;
DROP TABLE books;
DROP TABLE authors;
