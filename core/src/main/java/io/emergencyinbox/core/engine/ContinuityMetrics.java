package io.emergencyinbox.core.engine;

/** What the engine counts; the server assembly publishes these through James's MetricFactory. */
public interface ContinuityMetrics {

    /** Recipients entering the spool. */
    void spooled(int recipients);

    /** Recipients delivered downstream at first attempt, without being spooled. */
    void relayed(int recipients);

    /** Spooled recipients delivered downstream (retry or drain). */
    void drained(int recipients);

    /** Recipients returned to their sender. */
    void bounced(int recipients);

    /** For unit tests of components that do not look at metrics. */
    ContinuityMetrics NONE = new ContinuityMetrics() {
        @Override
        public void spooled(int recipients) {
        }

        @Override
        public void relayed(int recipients) {
        }

        @Override
        public void drained(int recipients) {
        }

        @Override
        public void bounced(int recipients) {
        }
    };
}
