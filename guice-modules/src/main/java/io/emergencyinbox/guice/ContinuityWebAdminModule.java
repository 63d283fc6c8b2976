package io.emergencyinbox.guice;

import javax.inject.Named;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.dto.DTOModuleInjections;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.emergencyinbox.webadmin.AccessRoutes;
import io.emergencyinbox.webadmin.DownstreamsHealthCheck;
import io.emergencyinbox.webadmin.OrganisationRoutes;
import io.emergencyinbox.webadmin.OutageRoutes;
import io.emergencyinbox.webadmin.PolicyRoutes;
import io.emergencyinbox.webadmin.SpoolRoutes;
import io.emergencyinbox.webadmin.access.ContinuityAccessFilter;
import io.emergencyinbox.webadmin.access.ContinuityAccessRoutes;
import io.emergencyinbox.webadmin.tasks.SpoolTaskDetailsDTO;

/** Our WebAdmin routes under {@code /continuity}, their task details, and the downstream health check. */
public class ContinuityWebAdminModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DownstreamsHealthCheck.class).in(Scopes.SINGLETON);
        bind(ContinuityAccessFilter.class).in(Scopes.SINGLETON);

        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(ContinuityAccessRoutes.class);
        routes.addBinding().to(OrganisationRoutes.class);
        routes.addBinding().to(AccessRoutes.class);
        routes.addBinding().to(OutageRoutes.class);
        routes.addBinding().to(SpoolRoutes.class);
        routes.addBinding().to(PolicyRoutes.class);

        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(DownstreamsHealthCheck.class);
    }

    @ProvidesIntoSet
    @Named(DTOModuleInjections.WEBADMIN_DTO)
    AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO> spoolTaskDetails() {
        return SpoolTaskDetailsDTO.MODULE;
    }
}
