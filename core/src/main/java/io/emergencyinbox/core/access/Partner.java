package io.emergencyinbox.core.access;

import java.util.Objects;

import com.google.common.base.Preconditions;

import io.emergencyinbox.core.organisation.PartnerId;

/** A channel partner that manages several customer organisations' settings (never their mail). */
public final class Partner {
    private final PartnerId id;
    private final String displayName;

    public Partner(PartnerId id, String displayName) {
        Preconditions.checkNotNull(id, "id");
        Preconditions.checkArgument(displayName != null && !displayName.isBlank(), "displayName must not be blank");
        this.id = id;
        this.displayName = displayName;
    }

    public PartnerId id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Partner && ((Partner) o).id.equals(id) && ((Partner) o).displayName.equals(displayName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, displayName);
    }

    @Override
    public String toString() {
        return "Partner{" + id + ", " + displayName + "}";
    }
}
