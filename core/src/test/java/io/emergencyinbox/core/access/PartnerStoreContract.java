package io.emergencyinbox.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.PartnerId;

public interface PartnerStoreContract {
    Partner CHANNEL = new Partner(PartnerId.of("channel"), "Channel One");
    Partner RESELLER = new Partner(PartnerId.of("reseller"), "Reseller");

    PartnerStore testee();

    @Test
    default void createdPartnersShouldBeReadBackAndListed() {
        testee().create(CHANNEL).block();
        testee().create(RESELLER).block();

        assertThat(testee().get(CHANNEL.id()).block()).isEqualTo(CHANNEL);
        assertThat(testee().list().collectList().block()).containsExactlyInAnyOrder(CHANNEL, RESELLER);
    }

    @Test
    default void anUnknownPartnerShouldBeEmpty() {
        assertThat(testee().get(PartnerId.of("nobody")).blockOptional()).isEmpty();
    }

    @Test
    default void creatingAnExistingPartnerShouldFail() {
        testee().create(CHANNEL).block();

        assertThatThrownBy(() -> testee().create(new Partner(CHANNEL.id(), "Other name")).block())
            .isInstanceOf(PartnerAlreadyExistsException.class);
        assertThat(testee().get(CHANNEL.id()).block()).isEqualTo(CHANNEL);
    }

    @Test
    default void deleteShouldBeIdempotent() {
        testee().create(CHANNEL).block();

        testee().delete(CHANNEL.id()).block();
        testee().delete(CHANNEL.id()).block();

        assertThat(testee().get(CHANNEL.id()).blockOptional()).isEmpty();
    }
}
