package io.flinkstarters.health.internal;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Tells Flink to ship {@link DecodedEvent}s with {@link DecodedEventSerializer}. Not a key type. */
final class DecodedEventTypeInfo extends TypeInformation<DecodedEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<DecodedEvent> getTypeClass() {
        return DecodedEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<DecodedEvent> createSerializer(SerializerConfig config) {
        return DecodedEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "DecodedEvent (raw record, decoded again on arrival)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DecodedEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return DecodedEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof DecodedEventTypeInfo;
    }
}
