package io.emergencyinbox.core.health;

/** Told when a route goes DOWN or comes back UP (e.g. to start draining at once). */
public interface HealthTransitionListener {
    void onTransition(StateChange change);
}
