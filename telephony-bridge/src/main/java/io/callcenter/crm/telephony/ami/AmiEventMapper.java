package io.callcenter.crm.telephony.ami;

import io.callcenter.crm.telephony.tracker.AmiEvent;
import org.asteriskjava.manager.event.ManagerEvent;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns Asterisk-Java's typed events back into header maps. Asterisk-Java fills an event's properties
 * from the headers of the same name, so each getter's name is the header's name; this lets the tracker
 * read events from the library and from raw captures alike, and keeps Asterisk-Java inside this package.
 */
final class AmiEventMapper {

    private record Getter(String header, Method method) {
    }

    private final Map<Class<?>, List<Getter>> getters = new ConcurrentHashMap<>();

    AmiEvent map(ManagerEvent event, Instant receivedAt) {
        Map<String, String> headers = new HashMap<>();
        for (Getter g : getters.computeIfAbsent(event.getClass(), AmiEventMapper::gettersOf)) {
            try {
                Object value = g.method().invoke(event);
                if (value != null) {
                    headers.putIfAbsent(g.header(), value.toString());
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a getter that cannot be read is a header we do not have
            }
        }
        // Asterisk-Java names a few headers differently from Asterisk
        alias(headers, "extension", "exten");
        return new AmiEvent(eventName(event.getClass()), headers, receivedAt);
    }

    static String eventName(Class<?> type) {
        String name = type.getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }

    private static void alias(Map<String, String> headers, String from, String to) {
        if (!headers.containsKey(to) && headers.containsKey(from)) {
            headers.put(to, headers.get(from));
        }
    }

    private static List<Getter> gettersOf(Class<?> type) {
        List<Getter> list = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Class<?> r = m.getReturnType();
            if (!(r == String.class || Number.class.isAssignableFrom(r) || r == Boolean.class || r.isPrimitive())
                    || r == void.class) {
                continue;
            }
            String name = m.getName();
            String header;
            if (name.startsWith("get") && name.length() > 3) {
                header = name.substring(3);
            } else if (name.startsWith("is") && name.length() > 2) {
                header = name.substring(2);
            } else {
                continue;
            }
            if (header.equals("Source") || header.equals("Class")) {
                continue;
            }
            list.add(new Getter(AmiEvent.normalise(header), m));
        }
        return List.copyOf(list);
    }
}
