-- Reverse of V1. The repeatable view depends on the tables, so it goes first.
DROP VIEW IF EXISTS book_catalog;
DROP TABLE books;
DROP TABLE authors;
