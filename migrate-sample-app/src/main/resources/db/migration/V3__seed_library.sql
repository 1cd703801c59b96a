-- A data migration: the books every library starts with. One file, with its reverse in the
-- down section.

-- migrate:up
INSERT INTO authors (name) VALUES ('Ursula K. Le Guin');
INSERT INTO authors (name) VALUES ('Terry Pratchett');
INSERT INTO authors (name) VALUES ('Octavia E. Butler');

INSERT INTO books (title, author_id, isbn, published_year)
SELECT 'A Wizard of Earthsea', id, '9780547773742', 1968 FROM authors WHERE name = 'Ursula K. Le Guin';
INSERT INTO books (title, author_id, isbn, published_year)
SELECT 'The Left Hand of Darkness', id, '9780441478125', 1969 FROM authors WHERE name = 'Ursula K. Le Guin';
INSERT INTO books (title, author_id, isbn, published_year)
SELECT 'Guards! Guards!', id, '9780062225757', 1989 FROM authors WHERE name = 'Terry Pratchett';
INSERT INTO books (title, author_id, isbn, published_year)
SELECT 'Kindred', id, '9780807083697', 1979 FROM authors WHERE name = 'Octavia E. Butler';

-- migrate:down
DELETE FROM books WHERE isbn IN ('9780547773742', '9780441478125', '9780062225757', '9780807083697');
DELETE FROM authors WHERE name IN ('Ursula K. Le Guin', 'Terry Pratchett', 'Octavia E. Butler');
