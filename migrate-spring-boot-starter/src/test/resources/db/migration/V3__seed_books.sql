-- migrate:up
INSERT INTO authors (id, name) VALUES (1, 'Ursula K. Le Guin');
INSERT INTO books (id, title, author_id, isbn) VALUES (1, 'A Wizard of Earthsea', 1, '9780547773742');

-- migrate:down
DELETE FROM books WHERE id = 1;
DELETE FROM authors WHERE id = 1;
