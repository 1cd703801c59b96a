CREATE TABLE authors (
    id   INT PRIMARY KEY,
    name VARCHAR(200) NOT NULL
);

CREATE TABLE books (
    id        INT PRIMARY KEY,
    title     VARCHAR(200) NOT NULL,
    author_id INT REFERENCES authors (id)
);
