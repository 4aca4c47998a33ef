package dev.plateguard.server.violations;

import java.util.List;

import dev.plateguard.server.validation.Refusal;

/**
 * A violation cannot move from one state to another: {@link ViolationState} does not allow the move, or the
 * violation is no longer in the state the caller saw. A conflict: an API call that meets it answers 409.
 */
public class IllegalTransitionException extends Refusal {

    public IllegalTransitionException(long violationId, ViolationState from, ViolationState to) {
        super(Kind.CONFLICT, "conflict", "violation " + violationId + " cannot go from " + from.code() + " to " + to.code(),
                List.of());
    }
}
