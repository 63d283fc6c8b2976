package io.emergencyinbox.cassandra.schema;

import java.util.List;
import java.util.stream.Collectors;

import com.google.common.collect.ImmutableList;

/** The types and tables of one store, in creation order (types first, as tables use them). */
public final class StoreSchema {

    public static StoreSchema of(SchemaElement... elements) {
        return new StoreSchema(ImmutableList.copyOf(elements));
    }

    private final ImmutableList<SchemaElement> elements;

    private StoreSchema(ImmutableList<SchemaElement> elements) {
        this.elements = elements;
    }

    public ImmutableList<SchemaElement> elements() {
        return elements;
    }

    public List<SchemaElement> tables() {
        return elements.stream().filter(element -> element.kind() == SchemaElement.Kind.TABLE).collect(Collectors.toList());
    }
}
