package com.example.demo;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** One visit, a row of the table {@code visit} in PostgreSQL. */
@Entity
public class Visit {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private Instant visitedAt;

    protected Visit() {
    }

    public Visit(String name) {
        this.name = name;
        this.visitedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Instant getVisitedAt() {
        return visitedAt;
    }
}
