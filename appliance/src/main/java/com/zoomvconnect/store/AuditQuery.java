package com.zoomvconnect.store;

import java.time.Instant;

/**
 * Which audit entries an administrator asks for; null fields do not filter. {@code meeting} is a
 * meeting's id or code, or part of its title; {@code user} an account or participant id, or part of
 * the actor's or target's name; {@code action} exact; {@code from} inclusive, {@code to} exclusive.
 */
public record AuditQuery(String meeting, String user, String action, Instant from, Instant to) {
}
