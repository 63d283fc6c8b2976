package io.emergencyinbox.core.health;

public enum DownstreamHealth {
    /** Mail is delivered to the downstream as it arrives, and the spool drains. */
    UP,
    /** An outage is open: mail goes straight to the spool and nothing is attempted. */
    DOWN
}
