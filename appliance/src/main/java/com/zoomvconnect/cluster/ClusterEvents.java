package com.zoomvconnect.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zoomvconnect.meeting.MeetingEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bus events that cross nodes, each under a stable wire name, and their JSON envelope
 * {@code {"from": node, "type": name, "event": {...}}}. Every other event stays on the node that
 * published it: room events go to the room's own participants, who are all on the node hosting it.
 * A name is never reused for another shape, only given more fields: during a rolling upgrade old and
 * new nodes read each other; an envelope of a type this version does not know is counted unreadable
 * and ignored.
 */
public final class ClusterEvents {
    /**
     * Fields this version does not know are ignored: a newer node may add one to an event (never
     * change what an existing one means), and during a rolling upgrade the older nodes must still act
     * on the event (docs/cluster.md, "Upgrades").
     */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<String, Class<? extends Record>> byName = new LinkedHashMap<>();
    private final Map<Class<?>, String> byType = new LinkedHashMap<>();

    /** The events that cross nodes today: what happened to a meeting, which its hosting node must act on. */
    public static ClusterEvents standard() {
        return new ClusterEvents()
                .add("meeting.ended", MeetingEvent.Ended.class)
                .add("meeting.cancelled", MeetingEvent.Cancelled.class)
                .add("meeting.updated", MeetingEvent.Updated.class);
    }

    /** Lets events of {@code type} cross nodes under {@code name}. */
    public ClusterEvents add(String name, Class<? extends Record> type) {
        if (byName.putIfAbsent(name, type) != null || byType.putIfAbsent(type, name) != null) {
            throw new IllegalArgumentException("already registered: " + name + " / " + type.getName());
        }
        return this;
    }

    /** The wire names, in the order they were added (docs and status). */
    public Iterable<String> names() {
        return byName.keySet();
    }

    /** Whether {@code event} crosses nodes. */
    public boolean crosses(Object event) {
        return byType.containsKey(event.getClass());
    }

    /** The envelope of an event that crosses nodes. */
    String encode(String fromNode, Object event) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("from", fromNode);
        envelope.put("type", byType.get(event.getClass()));
        envelope.set("event", JSON.valueToTree(event));
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** A received envelope: who sent it and the event, or empty when the text or its type is not one of ours. */
    Optional<Received> decode(String text) {
        try {
            JsonNode envelope = JSON.readTree(text);
            Class<? extends Record> type = byName.get(envelope.path("type").asText(""));
            if (type == null || !envelope.path("from").isTextual() || !envelope.path("event").isObject()) {
                return Optional.empty();
            }
            return Optional.of(new Received(envelope.get("from").asText(), JSON.treeToValue(envelope.get("event"), type)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** An event another node published. */
    record Received(String fromNode, Object event) {
    }
}
