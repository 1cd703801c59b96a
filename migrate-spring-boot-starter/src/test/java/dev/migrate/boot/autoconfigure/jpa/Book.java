package dev.migrate.boot.autoconfigure.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "books")
public class Book {

    @Id
    private Integer id;

    @Column(nullable = false, length = 200)
    private String title;

    @Column(name = "author_id")
    private Integer authorId;

    @Column(length = 20)
    private String isbn;

    protected Book() {
    }

    public Integer getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public Integer getAuthorId() {
        return authorId;
    }

    public String getIsbn() {
        return isbn;
    }
}
