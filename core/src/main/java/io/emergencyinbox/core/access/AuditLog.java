package io.emergencyinbox.core.access;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The record of every access to another user's account. Append-only. */
public interface AuditLog {

    Mono<Void> record(AuditEntry entry);

    /** Matching entries, newest first. */
    Flux<AuditEntry> query(AuditQuery query);
}
