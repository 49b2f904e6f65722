package io.junction.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toUnmodifiableList;

/**
 * An immutable view of the fleet, swapped whole when the configuration changes.
 */
public final class ClusterSnapshot
{
    private final List<Cluster> clusters;
    private final Map<String, Cluster> byName;
    private final Map<String, List<Cluster>> byGroup;

    public ClusterSnapshot(List<Cluster> clusters)
    {
        this.clusters = List.copyOf(clusters);
        Map<String, Cluster> names = new LinkedHashMap<>();
        clusters.forEach(cluster -> names.put(cluster.name(), cluster));
        this.byName = Map.copyOf(names);
        this.byGroup = Map.copyOf(clusters.stream().collect(groupingBy(cluster -> cluster.definition().routingGroup(), LinkedHashMap::new, toUnmodifiableList())));
    }

    public List<Cluster> clusters()
    {
        return clusters;
    }

    public Optional<Cluster> find(String name)
    {
        return Optional.ofNullable(byName.get(name));
    }

    public List<Cluster> group(String routingGroup)
    {
        return byGroup.getOrDefault(routingGroup, List.of());
    }

    public boolean hasGroup(String routingGroup)
    {
        return byGroup.containsKey(routingGroup);
    }
}
