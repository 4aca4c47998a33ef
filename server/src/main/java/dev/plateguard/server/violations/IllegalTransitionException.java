package dev.plateguard.server.violations;

/** A violation cannot move from one state to another: the move is not allowed, or it is no longer in that state. */
public class IllegalTransitionException extends RuntimeException {

    private final long violationId;
    private final ViolationState from;
    private final ViolationState to;

    public IllegalTransitionException(long violationId, ViolationState from, ViolationState to) {
        super("violation " + violationId + " cannot go from " + from.code() + " to " + to.code());
        this.violationId = violationId;
        this.from = from;
        this.to = to;
    }

    public long violationId() {
        return violationId;
    }

    public ViolationState from() {
        return from;
    }

    public ViolationState to() {
        return to;
    }
}
