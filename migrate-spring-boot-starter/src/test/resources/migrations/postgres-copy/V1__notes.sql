-- A data dump as pg_dump writes it: the rows of the COPY follow it.
CREATE TABLE notes (id INT PRIMARY KEY, body TEXT);

COPY public.notes (id, body) FROM stdin;
1	first
2	\N
\.
