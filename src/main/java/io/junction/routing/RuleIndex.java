package io.junction.routing;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the rules whose conditions can hold for a request without evaluating them all.
 * <p>
 * A condition that is a conjunction with a term {@code source == "x"} (or {@code user},
 * {@code catalog}, {@code schema}, {@code routing_group}, {@code client_info}, {@code trace_token},
 * {@code remote_address}), or {@code "x" in client_tags}, cannot hold unless the request has that
 * value: such a rule is a candidate only for requests with it. Every other rule is always a
 * candidate. The index never changes which rule matches, only how many conditions run.
 * <p>
 * Immutable and thread-safe.
 */
final class RuleIndex
{
    private static final Map<String, Function<RoutingRequest, Optional<String>>> SCALARS = Map.of(
            "source", RoutingRequest::source,
            "user", RoutingRequest::user,
            "catalog", RoutingRequest::catalog,
            "schema", RoutingRequest::schema,
            "routing_group", RoutingRequest::routingGroupHeader,
            "client_info", RoutingRequest::clientInfo,
            "trace_token", RoutingRequest::traceToken,
            "remote_address", request -> Optional.of(request.remoteAddress()));
    private static final String CLIENT_TAGS = "client_tags";

    /**
     * A term every match needs: {@code variable == value}, or {@code value in client_tags}.
     */
    record Guard(String variable, String value) {}

    private final BitSet unguarded = new BitSet();
    private final Map<String, Map<String, BitSet>> guarded = new HashMap<>();

    RuleIndex(List<RoutingRule> rules)
    {
        for (int i = 0; i < rules.size(); i++) {
            Optional<Guard> guard = rules.get(i).guard();
            if (guard.isEmpty()) {
                unguarded.set(i);
                continue;
            }
            guarded.computeIfAbsent(guard.get().variable(), _ -> new HashMap<>())
                    .computeIfAbsent(guard.get().value(), _ -> new BitSet())
                    .set(i);
        }
    }

    /**
     * Positions (in priority order) of the rules that may match the request.
     */
    BitSet candidates(RoutingRequest request)
    {
        BitSet candidates = (BitSet) unguarded.clone();
        for (Map.Entry<String, Map<String, BitSet>> field : guarded.entrySet()) {
            if (field.getKey().equals(CLIENT_TAGS)) {
                for (String tag : request.clientTags()) {
                    addAll(candidates, field.getValue().get(tag));
                }
                continue;
            }
            addAll(candidates, field.getValue().get(SCALARS.get(field.getKey()).apply(request).orElse("")));
        }
        return candidates;
    }

    private static void addAll(BitSet candidates, BitSet rules)
    {
        if (rules != null) {
            candidates.or(rules);
        }
    }

    /**
     * The first indexable term of a condition's top-level conjunction, if any.
     */
    static Optional<Guard> guardOf(CelExpr expression)
    {
        if (expression.getKind() != CelExpr.ExprKind.Kind.CALL) {
            return Optional.empty();
        }
        String function = expression.call().function();
        List<CelExpr> args = expression.call().args();
        if (function.equals("_&&_")) {
            for (CelExpr term : args) {
                Optional<Guard> guard = guardOf(term);
                if (guard.isPresent()) {
                    return guard;
                }
            }
            return Optional.empty();
        }
        if (function.equals("_==_") && args.size() == 2) {
            return equality(args.get(0), args.get(1)).or(() -> equality(args.get(1), args.get(0)));
        }
        if (function.equals("@in") && args.size() == 2 && identifier(args.get(1)).filter(CLIENT_TAGS::equals).isPresent()) {
            return string(args.get(0)).map(tag -> new Guard(CLIENT_TAGS, tag));
        }
        return Optional.empty();
    }

    private static Optional<Guard> equality(CelExpr left, CelExpr right)
    {
        Optional<String> variable = identifier(left).filter(SCALARS::containsKey);
        if (variable.isEmpty()) {
            return Optional.empty();
        }
        return string(right).map(value -> new Guard(variable.get(), value));
    }

    private static Optional<String> identifier(CelExpr expression)
    {
        return expression.getKind() == CelExpr.ExprKind.Kind.IDENT ? Optional.of(expression.ident().name()) : Optional.empty();
    }

    private static Optional<String> string(CelExpr expression)
    {
        if (expression.getKind() == CelExpr.ExprKind.Kind.CONSTANT && expression.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
            return Optional.of(expression.constant().stringValue());
        }
        return Optional.empty();
    }
}
