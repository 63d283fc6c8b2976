package io.emergencyinbox.guice;

import java.util.List;

import javax.inject.Named;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.dto.DTOModuleInjections;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.emergencyinbox.webadmin.AccessRoutes;
import io.emergencyinbox.webadmin.DownstreamsHealthCheck;
import io.emergencyinbox.webadmin.OrganisationRoutes;
import io.emergencyinbox.webadmin.OutageRoutes;
import io.emergencyinbox.webadmin.PolicyRoutes;
import io.emergencyinbox.webadmin.SpoolRoutes;
import io.emergencyinbox.webadmin.access.ContinuityAccessRoutes;
import io.emergencyinbox.webadmin.tasks.SpoolTaskDetailsDTO;

/**
 * What our own assembly adds to James's sets: our WebAdmin routes, the downstream health check, the
 * task details shown at {@code /tasks/{id}}, and the start of the engine. Contributions to James's
 * sets only work in James's own injector; a stock James gets the same from its configuration files
 * instead ({@code extensions.routes}, {@code additional.healthchecks}, {@code guice.extension.task},
 * {@code guice.extension.startable}: see the drop-in, docs/adr/0040).
 */
public class AssemblyRegistrationsModule extends AbstractModule {
    /** Every WebAdmin route of ours; the access filter's first, so it guards the others. */
    public static final List<Class<? extends Routes>> ROUTES = List.of(
        ContinuityAccessRoutes.class,
        OrganisationRoutes.class,
        AccessRoutes.class,
        OutageRoutes.class,
        SpoolRoutes.class,
        PolicyRoutes.class);

    /** Every James health check of ours. */
    public static final List<Class<? extends HealthCheck>> HEALTH_CHECKS = List.of(DownstreamsHealthCheck.class);

    @Override
    protected void configure() {
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        ROUTES.forEach(route -> routes.addBinding().to(route));
        Multibinder<HealthCheck> healthChecks = Multibinder.newSetBinder(binder(), HealthCheck.class);
        HEALTH_CHECKS.forEach(check -> healthChecks.addBinding().to(check));
    }

    @ProvidesIntoSet
    @Named(DTOModuleInjections.WEBADMIN_DTO)
    AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO> spoolTaskDetails() {
        return SpoolTaskDetailsDTO.MODULE;
    }

    @ProvidesIntoSet
    InitializationOperation startEngine(ContinuityEngineLifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(ContinuityEngineLifecycle.class).init(lifecycle::start);
    }
}
