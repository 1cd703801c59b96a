-- Repeatable: re-applied whenever this file changes, after every versioned migration.
CREATE OR REPLACE VIEW book_catalog AS
SELECT b.id, b.title, a.name AS author
FROM books b
JOIN authors a ON a.id = b.author_id;
