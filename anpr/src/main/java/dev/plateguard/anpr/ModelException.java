package dev.plateguard.anpr;

/**
 * The recogniser's models are missing, unreadable or break the contract of docs/anpr-models.md. The message says
 * which file and what is wrong, and is meant for the person who installs or trains the models.
 */
public class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
