package io.emergencyinbox.webadmin.dto;

import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.healthcheck.Result;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One health check result, in the shape of James's {@code /healthcheck/checks/{name}}. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class HealthDto {
    public final String componentName;
    public final String status;
    public final Optional<String> cause;

    public HealthDto(Result result) {
        this.componentName = result.getComponentName().getName();
        this.status = result.getStatus().getValue().toLowerCase(Locale.US);
        this.cause = result.getCause();
    }
}
