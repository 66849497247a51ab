package com.example.demo;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /visits/{name}}: writes a row to PostgreSQL and a key to Redis, reads both back and
 * answers with what it read, e.g. {@code {"name":"ada","rows":1,"lastVisitor":"ada","redisCount":1}}.
 */
@RestController
public class VisitController {

    private final VisitRepository visits;
    private final StringRedisTemplate redis;

    public VisitController(VisitRepository visits, StringRedisTemplate redis) {
        this.visits = visits;
        this.redis = redis;
    }

    public record VisitResult(String name, long rows, String lastVisitor, long redisCount) {
    }

    @PostMapping("/visits/{name}")
    public VisitResult visit(@PathVariable("name") String name) {
        Visit saved = visits.save(new Visit(name));
        redis.opsForValue().set("demo:last-visitor", saved.getName());
        Long count = redis.opsForValue().increment("demo:visits:" + name);
        return new VisitResult(
                visits.findById(saved.getId()).orElseThrow().getName(),
                visits.countByName(name),
                redis.opsForValue().get("demo:last-visitor"),
                count == null ? 0 : count);
    }
}
