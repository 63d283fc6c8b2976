package io.emergencyinbox.guice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.inject.Binding;
import com.google.inject.Module;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;

class StoresModulesTest {

    @Test
    void theCassandraModuleShouldBindEveryStoreTheMemoryModuleBinds() {
        Set<Class<?>> memoryStores = coreTypesBoundBy(new MemoryContinuityStoresModule());

        assertThat(memoryStores).as("the memory module binds the core's store interfaces").hasSizeGreaterThanOrEqualTo(12);
        assertThat(coreTypesBoundBy(CassandraContinuityStoresModule.withOwnSession())).containsAll(memoryStores);
        assertThat(coreTypesBoundBy(CassandraContinuityStoresModule.withJamesSession())).containsAll(memoryStores);
    }

    /** The interfaces of the core bound by the module (what the rest of the gateway injects). */
    private static Set<Class<?>> coreTypesBoundBy(Module module) {
        return Elements.getElements(module).stream()
            .filter(Binding.class::isInstance)
            .map(element -> ((Binding<?>) element).getKey().getTypeLiteral().getRawType())
            .filter(type -> type.isInterface() && type.getPackageName().startsWith("io.emergencyinbox.core"))
            .collect(Collectors.toSet());
    }
}
