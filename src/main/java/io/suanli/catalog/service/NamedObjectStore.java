package io.suanli.catalog.service;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.security.Caller;
import io.suanli.security.CallerResolver;
import jakarta.inject.Inject;
import io.suanli.common.paging.Page;
import io.suanli.common.paging.PageRequest;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Create, read, list, update and delete for an estate object addressed by its unique name:
 * one implementation of the rules they share (validation first, references checked in the same
 * transaction, 404 and 409 answers), specialised per kind.
 *
 * @param <D> the domain value
 * @param <E> the entity (row)
 */
public abstract class NamedObjectStore<D, E> {

    protected final Mutiny.SessionFactory sessions;
    protected final Clock clock;
    protected final EstateCache cache;
    private final Class<E> entityType;
    private final String kind;
    // Field-injected so the four stores' constructors stay as they are.
    @Inject
    AuditTrail audit;
    @Inject
    CallerResolver callers;

    protected NamedObjectStore(
            Mutiny.SessionFactory sessions, Clock clock, EstateCache cache, Class<E> entityType, String kind) {
        this.sessions = sessions;
        this.clock = clock;
        this.cache = cache;
        this.entityType = entityType;
        this.kind = kind;
    }

    protected abstract String nameOf(D value);

    protected abstract D toDomain(E entity);

    protected abstract E newEntity();

    protected abstract void copyInto(D value, E entity);

    /** The field rules of one value (paths relative to the request body). */
    protected abstract void check(D value, Violations violations);

    /** Checks that what {@code value} refers to exists; runs inside the write transaction. */
    protected Uni<Void> checkReferences(Mutiny.Session session, D value) {
        return Uni.createFrom().voidItem();
    }

    /** Refuses the deletion of a row others still refer to, with a 409 that says which. */
    protected Uni<Void> checkDeletable(Mutiny.Session session, String name) {
        return Uni.createFrom().voidItem();
    }

    public String kind() {
        return kind;
    }

    public Uni<D> create(D value) {
        validate(value);
        Caller caller = callers.current();
        return sessions.withTransaction(session -> session.find(entityType, nameOf(value))
                .chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("name", kind + " '" + nameOf(value) + "' already exists");
                    }
                    return checkReferences(session, value);
                })
                .chain(() -> {
                    E entity = newEntity();
                    copyInto(value, entity);
                    return session.persist(entity)
                            .chain(() -> audit.append(session, entry(caller, "create", nameOf(value), null, toDomain(entity))))
                            .replaceWith(entity);
                }))
                .invoke(cache::invalidate)
                .map(this::toDomain);
    }

    public Uni<D> get(String name) {
        return sessions.withSession(session -> session.find(entityType, name)).map(entity -> {
            if (entity == null) {
                throw ProblemException.notFound(kind, name);
            }
            return toDomain(entity);
        });
    }

    /** A page in name order; {@code filters} maps an entity attribute to the value it must equal. */
    public Uni<Page<D>> list(PageRequest page, Map<String, Object> filters) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder("where 1 = 1");
        if (page.afterKey() != null) {
            where.append(" and name > :after");
            params.put("after", page.afterKey());
        }
        filters.forEach((attribute, value) -> {
            if (value != null) {
                where.append(" and ").append(attribute).append(" = :").append(attribute);
                params.put(attribute, value);
            }
        });
        String hql = "from " + entityType.getSimpleName() + " " + where + " order by name";
        return sessions.withSession(session -> {
                    Mutiny.SelectionQuery<E> query = session.createSelectionQuery(hql, entityType);
                    params.forEach(query::setParameter);
                    return query.setMaxResults(page.limit() + 1).getResultList();
                })
                .map(rows -> page.page(rows.stream().map(this::toDomain).toList(), this::nameOf));
    }

    /** Replaces the object; the body's name, when given, must be the one in the path. */
    public Uni<D> update(String name, D value) {
        if (value == null) {
            throw ProblemException.malformed("body", "a JSON object is required");
        }
        if (nameOf(value) != null && !Objects.equals(name, nameOf(value))) {
            throw ProblemException.invalid("name", "'" + nameOf(value) + "' differs from '" + name + "' in the path; names cannot change");
        }
        D named = withName(value, name);
        validate(named);
        Caller caller = callers.current();
        return sessions.withTransaction(session -> session.find(entityType, name)
                        .chain(entity -> {
                            if (entity == null) {
                                throw ProblemException.notFound(kind, name);
                            }
                            return checkReferences(session, named).map(ignored -> entity);
                        })
                        .chain(entity -> {
                            D before = toDomain(entity);
                            copyInto(named, entity);
                            return audit.append(session, entry(caller, "update", name, before, toDomain(entity))).replaceWith(entity);
                        }))
                .invoke(cache::invalidate)
                .map(this::toDomain);
    }

    public Uni<Void> delete(String name) {
        Caller caller = callers.current();
        return sessions.withTransaction(session -> session.find(entityType, name).chain(entity -> {
            if (entity == null) {
                throw ProblemException.notFound(kind, name);
            }
            D before = toDomain(entity);
            return checkDeletable(session, name).chain(() -> session.remove(entity))
                    .chain(() -> audit.append(session, entry(caller, "delete", name, before, null)));
        })).invoke(cache::invalidate);
    }

    /** An audit entry for {@code verb} ("create", "drain", ...) on the object named {@code name}. */
    protected AuditEntry entry(Caller caller, String verb, String name, D before, D after) {
        return AuditEntry.of(caller, kind + "." + verb, kind + "/" + name, before, after);
    }

    /** The same value carrying {@code name} (bodies of updates may leave the name out). */
    protected abstract D withName(D value, String name);

    private void validate(D value) {
        if (value == null) {
            throw ProblemException.malformed("body", "a JSON object is required");
        }
        Violations violations = new Violations();
        check(value, violations);
        violations.throwIfAny();
    }

    /** Counts rows of {@code entity} whose {@code attribute} equals {@code name}. */
    protected static Uni<Long> countReferences(Mutiny.Session session, String entity, String attribute, String name) {
        return session.createSelectionQuery(
                        "select count(*) from " + entity + " where " + attribute + " = :name", Long.class)
                .setParameter("name", name)
                .getSingleResult();
    }

    protected static Uni<Void> requireExists(Mutiny.Session session, Class<?> type, String kind, String field, String name) {
        return session.find(type, name).map(found -> {
            if (found == null) {
                throw ProblemException.invalid(field, "unknown " + kind + " '" + name + "'");
            }
            return null;
        });
    }
}
