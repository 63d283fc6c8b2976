package io.emergencyinbox.webadmin.dto;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** SMTP AUTH credentials. The password is accepted on write and never shown on read. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class CredentialsDto {
    public final String username;
    public final Optional<String> password;

    @JsonCreator
    public CredentialsDto(@JsonProperty(value = "username", required = true) String username,
                          @JsonProperty(value = "password", required = true) Optional<String> password) {
        this.username = username;
        this.password = password == null ? Optional.empty() : password;
    }
}
