package dev.starling.node.api;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Protobuf messages as plain maps for Jackson: JSON field names, nested messages, maps; non-finite numbers as null. */
final class ProtoJson {
    private ProtoJson() {}

    static Map<String, Object> toMap(Message message) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            Object value = message.getField(field);
            if (field.isMapField()) {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (Object entry : (List<?>) value) {
                    Message pair = (Message) entry;
                    FieldDescriptor key = pair.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor val = pair.getDescriptorForType().findFieldByName("value");
                    entries.put(String.valueOf(pair.getField(key)), plain(pair.getField(val)));
                }
                out.put(field.getJsonName(), entries);
            } else if (field.isRepeated()) {
                List<Object> items = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    items.add(plain(item));
                }
                out.put(field.getJsonName(), items);
            } else {
                out.put(field.getJsonName(), plain(value));
            }
        }
        return out;
    }

    static Object number(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Object plain(Object value) {
        if (value instanceof Message nested) {
            return toMap(nested);
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof com.google.protobuf.ByteString bytes) {
            return bytes.size() + " bytes";
        }
        if (value instanceof com.google.protobuf.Descriptors.EnumValueDescriptor e) {
            return e.getName();
        }
        return value;
    }
}
