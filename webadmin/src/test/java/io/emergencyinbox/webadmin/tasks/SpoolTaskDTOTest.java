package io.emergencyinbox.webadmin.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.server.task.json.JsonTaskSerializer;
import org.apache.james.server.task.json.dto.TaskDTOModule;
import org.apache.james.task.Task;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.engine.SpoolAdministration;
import io.emergencyinbox.core.organisation.OrganisationId;

/** The spool tasks as James's distributed task manager hands them from node to node. */
class SpoolTaskDTOTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private static final OrganisationId ACME = OrganisationId.of("acme");

    private final AtomicInteger administrationAsked = new AtomicInteger();
    private final JsonTaskSerializer serializer = JsonTaskSerializer.of(SpoolTaskDTO.modules(() -> {
        administrationAsked.incrementAndGet();
        return (SpoolAdministration) null; // never run here: only its organisation and type travel
    }, CLOCK).toArray(new TaskDTOModule<?, ?>[0]));

    @Test
    void aFlushShouldTravelAsItsTypeAndOrganisation() throws Exception {
        String json = serializer.serialize(SpoolTasks.flush(null, ACME, CLOCK));

        assertThat(json).isEqualTo("{\"type\":\"continuity-spool-flush\",\"organisation\":\"acme\"}");
        Task rebuilt = serializer.deserialize(json);
        assertThat(rebuilt).isInstanceOfSatisfying(SpoolTasks.Flush.class,
            flush -> assertThat(flush.organisation()).isEqualTo(ACME));
        assertThat(rebuilt.type()).isEqualTo(SpoolTasks.FLUSH);
    }

    @Test
    void aPurgeShouldTravelAsItsTypeAndOrganisation() throws Exception {
        String json = serializer.serialize(SpoolTasks.purge(null, ACME, CLOCK));

        assertThat(json).isEqualTo("{\"type\":\"continuity-spool-purge\",\"organisation\":\"acme\"}");
        assertThat(serializer.deserialize(json)).isInstanceOfSatisfying(SpoolTasks.Purge.class,
            purge -> assertThat(purge.organisation()).isEqualTo(ACME));
    }

    @Test
    void theAdministrationShouldBeAskedForOnlyWhenATaskIsRebuilt() throws Exception {
        serializer.serialize(SpoolTasks.flush(null, ACME, CLOCK));
        assertThat(administrationAsked).hasValue(0);

        serializer.deserialize("{\"type\":\"continuity-spool-flush\",\"organisation\":\"acme\"}");

        assertThat(administrationAsked).hasValue(1);
    }

    @Test
    void aTaskNamingAMalformedOrganisationShouldBeRefused() {
        assertThatThrownBy(() -> serializer.deserialize("{\"type\":\"continuity-spool-purge\",\"organisation\":\"Not an id!\"}"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
