package dev.migrate.sample.library;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /books} and {@code /authors}. */
@RestController
@RequestMapping
public class LibraryController {

    /** A book as the API shows it. */
    public record BookView(Long id, String title, String author, String isbn, Integer publishedYear, String slug) {

        static BookView of(Book book) {
            return new BookView(book.getId(), book.getTitle(), book.getAuthor().getName(), book.getIsbn(), book.getPublishedYear(),
                    book.getSlug());
        }
    }

    /** The body of {@code POST /books}. */
    public record NewBook(String title, Long authorId, String isbn, Integer publishedYear) {
    }

    public record AuthorView(Long id, String name) {
    }

    private final BookRepository books;
    private final AuthorRepository authors;
    private final SlugService slugs;

    public LibraryController(BookRepository books, AuthorRepository authors, SlugService slugs) {
        this.books = books;
        this.authors = authors;
        this.slugs = slugs;
    }

    @GetMapping("/books")
    public List<BookView> books() {
        return books.findAllByOrderByTitle().stream().map(BookView::of).toList();
    }

    @GetMapping("/books/{slug}")
    public BookView book(@PathVariable String slug) {
        return books.findBySlug(slug).map(BookView::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No book with slug " + slug));
    }

    @PostMapping("/books")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    public BookView add(@RequestBody NewBook request) {
        if (request.title() == null || request.title().isBlank() || request.authorId() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "title and authorId are required");
        }
        Author author = authors.findById(request.authorId())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "No author " + request.authorId()));
        Book book = books.save(new Book(request.title(), author, request.isbn(), request.publishedYear(), slugs.slugOf(request.title())));
        return BookView.of(book);
    }

    @GetMapping("/authors")
    public List<AuthorView> authors() {
        return authors.findAll().stream().map(a -> new AuthorView(a.getId(), a.getName())).toList();
    }
}
