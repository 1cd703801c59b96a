package dev.migrate.sample.library;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

public interface BookRepository extends JpaRepository<Book, Long> {

    @EntityGraph(attributePaths = "author")
    List<Book> findAllByOrderByTitle();

    @EntityGraph(attributePaths = "author")
    Optional<Book> findBySlug(String slug);
}
