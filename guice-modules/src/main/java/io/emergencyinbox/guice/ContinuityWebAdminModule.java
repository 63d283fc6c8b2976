package io.emergencyinbox.guice;

import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

import io.emergencyinbox.webadmin.OrganisationRoutes;
import io.emergencyinbox.webadmin.OutageRoutes;

/** Our WebAdmin routes under {@code /continuity}. */
public class ContinuityWebAdminModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(OrganisationRoutes.class);
        routes.addBinding().to(OutageRoutes.class);
    }
}
