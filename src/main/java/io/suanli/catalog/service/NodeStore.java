package io.suanli.catalog.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.CatalogRules;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.persistence.CatalogMapper;
import io.suanli.catalog.persistence.NodeEntity;
import io.suanli.catalog.persistence.SiteEntity;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.hibernate.reactive.mutiny.Mutiny;

/** Nodes, including draining them out of service and back. */
@Singleton
public class NodeStore extends NamedObjectStore<Node, NodeEntity> {

    public NodeStore(Mutiny.SessionFactory sessions, Clock clock, EstateCache cache) {
        super(sessions, clock, cache, NodeEntity.class, "node");
    }

    @Override
    protected String nameOf(Node value) {
        return value.name();
    }

    @Override
    protected Node withName(Node value, String name) {
        return new Node(name, value.site(), value.cpuCores(), value.memoryGiB(), value.gpus(), value.gpuModel(),
                value.pricePerHour(), value.powerWatts(), value.state());
    }

    @Override
    protected Node toDomain(NodeEntity entity) {
        return CatalogMapper.toDomain(entity);
    }

    @Override
    protected NodeEntity newEntity() {
        return new NodeEntity();
    }

    @Override
    protected void copyInto(Node value, NodeEntity entity) {
        // An update that leaves the state out keeps it: a drained node stays drained.
        NodeState state = value.state() != null ? value.state()
                : entity.state != null ? NodeState.valueOf(entity.state) : NodeState.UP;
        CatalogMapper.copyInto(value.withState(state), entity, clock.instant());
    }

    @Override
    protected void check(Node value, Violations violations) {
        CatalogRules.checkNode(value, "", violations);
    }

    @Override
    protected Uni<Void> checkReferences(Mutiny.Session session, Node value) {
        return requireExists(session, SiteEntity.class, "site", "site", value.site());
    }

    /** Stops new work from landing on the node; what runs there keeps running. */
    public Uni<Node> drain(String name) {
        return changeState(name, NodeState.DRAINING);
    }

    /** Puts a drained node back into service. */
    public Uni<Node> undrain(String name) {
        return changeState(name, NodeState.UP);
    }

    private Uni<Node> changeState(String name, NodeState target) {
        io.suanli.security.Caller caller = callers.current();
        return sessions.withTransaction(session -> session.find(NodeEntity.class, name)
                        .chain(entity -> {
                            if (entity == null) {
                                throw ProblemException.notFound("node", name);
                            }
                            if (NodeState.DOWN.name().equals(entity.state)) {
                                throw ProblemException.conflict("node '" + name + "' is DOWN; it comes back when it reports UP");
                            }
                            Node before = toDomain(entity);
                            entity.state = target.name();
                            entity.updatedAt = clock.instant();
                            String verb = target == NodeState.DRAINING ? "drain" : "undrain";
                            return audit.append(session, entry(caller, verb, name, before, toDomain(entity))).replaceWith(entity);
                        }))
                .invoke(cache::invalidate)
                .map(this::toDomain);
    }
}
