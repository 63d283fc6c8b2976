package io.emergencyinbox.webadmin.access;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;

import spark.Service;

/**
 * Installs {@link ContinuityAccessFilter} in front of every {@code /continuity} route. Our routes
 * are "public" to James (which would otherwise demand its all-powerful admin token) because this
 * filter does their authentication and authorisation.
 */
public class ContinuityAccessRoutes implements PublicRoutes {
    public static final String BASE = "/continuity";

    private final ContinuityAccessFilter filter;

    @Inject
    public ContinuityAccessRoutes(ContinuityAccessFilter filter) {
        this.filter = filter;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.before(BASE, filter);
        service.before(BASE + "/*", filter);
    }
}
