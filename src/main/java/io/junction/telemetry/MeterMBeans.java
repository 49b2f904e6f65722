package io.junction.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Publishes every meter of a registry as an MBean of the platform MBean server, read on
 * demand: a JMX client sees the same values as {@code /metrics} and the request path pays
 * nothing extra (no second registry to record into).
 * <p>
 * Names: {@code io.junction:type=<meter name>,<tag>=<value>,...}, for example
 * {@code io.junction:type=junction.cluster.queries.routed,cluster=trino-1}; attributes are
 * the meter's statistics ({@code Count}, {@code TotalTime}, {@code Max}, {@code Value}, ...).
 * When another Junction in the same JVM already holds a name (tests), an {@code instance}
 * key tells them apart. Thread-safe.
 */
final class MeterMBeans
        implements AutoCloseable
{
    static final String DOMAIN = "io.junction";
    private static final Logger log = LoggerFactory.getLogger(MeterMBeans.class);

    private final MBeanServer server;
    private final String instance;
    private final Map<Meter.Id, ObjectName> registered = new ConcurrentHashMap<>();
    private volatile boolean closed;

    MeterMBeans(MeterRegistry registry, MBeanServer server)
    {
        this.server = requireNonNull(server, "server is null");
        this.instance = Integer.toHexString(System.identityHashCode(registry));
        registry.config().onMeterAdded(this::register);
        registry.config().onMeterRemoved(this::unregister);
    }

    private void register(Meter meter)
    {
        if (closed) {
            return;
        }
        try {
            ObjectName name = objectName(meter.getId(), null);
            try {
                server.registerMBean(new MeterMBean(meter), name);
            }
            catch (InstanceAlreadyExistsException e) {
                name = objectName(meter.getId(), instance);
                server.registerMBean(new MeterMBean(meter), name);
            }
            registered.put(meter.getId(), name);
        }
        catch (JMException e) {
            log.warn("Cannot publish meter {} over JMX", meter.getId(), e);
        }
    }

    private void unregister(Meter meter)
    {
        ObjectName name = registered.remove(meter.getId());
        if (name != null) {
            unregister(name);
        }
    }

    private void unregister(ObjectName name)
    {
        try {
            server.unregisterMBean(name);
        }
        catch (JMException e) {
            log.debug("Unregistering {} failed", name, e);
        }
    }

    @Override
    public void close()
    {
        closed = true;
        registered.values().forEach(this::unregister);
        registered.clear();
    }

    static ObjectName objectName(Meter.Id id, String instance)
            throws JMException
    {
        StringBuilder name = new StringBuilder(DOMAIN).append(":type=").append(quoteIfNeeded(id.getName()));
        for (Tag tag : id.getTagsAsIterable()) {
            name.append(',').append(tag.getKey()).append('=').append(quoteIfNeeded(tag.getValue()));
        }
        if (instance != null) {
            name.append(",instance=").append(instance);
        }
        return new ObjectName(name.toString());
    }

    private static String quoteIfNeeded(String value)
    {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\n' || c == '\\') {
                return ObjectName.quote(value);
            }
        }
        return value.isEmpty() ? ObjectName.quote(value) : value;
    }

    /**
     * One meter, its statistics as read-only attributes.
     */
    private static final class MeterMBean
            implements DynamicMBean
    {
        private final Meter meter;

        private MeterMBean(Meter meter)
        {
            this.meter = meter;
        }

        @Override
        public Object getAttribute(String attribute)
                throws AttributeNotFoundException
        {
            for (Measurement measurement : meter.measure()) {
                if (attributeName(measurement).equals(attribute)) {
                    return measurement.getValue();
                }
            }
            throw new AttributeNotFoundException(attribute);
        }

        @Override
        public AttributeList getAttributes(String[] attributes)
        {
            AttributeList list = new AttributeList();
            for (String attribute : attributes) {
                try {
                    list.add(new Attribute(attribute, getAttribute(attribute)));
                }
                catch (AttributeNotFoundException ignored) {
                    // JMX: attributes that cannot be read are left out of the list
                }
            }
            return list;
        }

        @Override
        public void setAttribute(Attribute attribute)
                throws AttributeNotFoundException
        {
            throw new AttributeNotFoundException("meters are read-only: " + attribute.getName());
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes)
        {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature)
        {
            throw new UnsupportedOperationException("meters have no operations");
        }

        @Override
        public MBeanInfo getMBeanInfo()
        {
            List<MBeanAttributeInfo> attributes = new ArrayList<>();
            for (Measurement measurement : meter.measure()) {
                attributes.add(new MBeanAttributeInfo(attributeName(measurement), "double", measurement.getStatistic().name(), true, false, false));
            }
            String description = meter.getId().getDescription();
            return new MBeanInfo(Meter.class.getName(), description == null ? meter.getId().getName() : description,
                    attributes.toArray(MBeanAttributeInfo[]::new), null, null, null);
        }

        private static String attributeName(Measurement measurement)
        {
            String statistic = measurement.getStatistic().name().toLowerCase(java.util.Locale.ROOT);
            return Character.toUpperCase(statistic.charAt(0)) + toCamel(statistic.substring(1));
        }

        private static String toCamel(String text)
        {
            StringBuilder out = new StringBuilder();
            boolean upper = false;
            for (char c : text.toCharArray()) {
                if (c == '_') {
                    upper = true;
                    continue;
                }
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
            return out.toString();
        }
    }
}
