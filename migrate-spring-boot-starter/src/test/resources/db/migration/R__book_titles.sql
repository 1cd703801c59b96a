CREATE OR REPLACE VIEW book_titles AS SELECT id, title FROM books;
