package io.emergencyinbox.jmap;

import eu.timepit.refined.api.Refined;
import eu.timepit.refined.string.Uri;
import scala.collection.immutable.Set;
import scala.jdk.javaapi.CollectionConverters;

/** The URN of our JMAP capability (docs/jmap-continuity.md) and the capability sets our methods require. */
public final class ContinuityCapabilities {
    public static final String CONTINUITY = "urn:io.emergencyinbox:params:jmap:continuity";
    public static final String CORE = "urn:ietf:params:jmap:core";

    /** What every method of our capability requires in {@code using}. */
    public static final Set<Refined<String, Uri>> REQUIRED = CollectionConverters.asScala(java.util.Set.of(
        new Refined<String, Uri>(CORE), new Refined<String, Uri>(CONTINUITY))).toSet();

    private ContinuityCapabilities() {
    }
}
