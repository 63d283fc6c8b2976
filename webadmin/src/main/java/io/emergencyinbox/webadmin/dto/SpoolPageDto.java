package io.emergencyinbox.webadmin.dto;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A page of a route's spool in arrival order; {@code next} is the cursor of the following page. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class SpoolPageDto {
    public final long total;
    public final List<SpoolEntryDto> entries;
    public final Optional<String> next;

    public SpoolPageDto(long total, List<SpoolEntryDto> entries, Optional<String> next) {
        this.total = total;
        this.entries = entries;
        this.next = next;
    }
}
