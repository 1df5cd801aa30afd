package io.suanli.common.problem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects every rule a request breaks, each with the path of the element at fault. */
public final class Violations {

    /** A DNS-1123 label: what Kubernetes accepts as a namespace name. */
    public static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** Names of estate objects: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final int MAX_REPORTED = 100;
    private final List<FieldError> errors = new ArrayList<>();

    public Violations add(String field, String message) {
        if (errors.size() < MAX_REPORTED) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** Records a violation when {@code value} is missing; true if present. */
    public boolean required(String field, Object value) {
        if (value == null) {
            add(field, "is required");
            return false;
        }
        return true;
    }

    public boolean name(String field, String value) {
        if (!required(field, value)) {
            return false;
        }
        if (!NAME.matcher(value).matches()) {
            add(field, "'" + value + "' is not a valid name (1-128 of letters, digits, '.', '_', '-')");
            return false;
        }
        return true;
    }

    public boolean dnsLabel(String field, String value) {
        if (!required(field, value)) {
            return false;
        }
        if (!DNS_1123_LABEL.matcher(value).matches()) {
            add(field, "'" + value + "' is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)");
            return false;
        }
        return true;
    }

    public boolean range(String field, Integer value, long min, long max) {
        if (!required(field, value)) {
            return false;
        }
        if (value < min || value > max) {
            add(field, value + " is outside " + min + ".." + max);
            return false;
        }
        return true;
    }

    public boolean range(String field, Double value, double min, double max) {
        if (!required(field, value)) {
            return false;
        }
        if (!Double.isFinite(value) || value < min || value > max) {
            add(field, value + " is outside " + min + ".." + max);
            return false;
        }
        return true;
    }

    /** A non-negative amount with at most {@code maxScale} decimals and below {@code max}. */
    public boolean amount(String field, BigDecimal value, int maxScale, BigDecimal max) {
        if (!required(field, value)) {
            return false;
        }
        if (value.signum() < 0) {
            add(field, value.toPlainString() + " is negative");
            return false;
        }
        if (value.stripTrailingZeros().scale() > maxScale) {
            add(field, value.toPlainString() + " has more than " + maxScale + " decimals");
            return false;
        }
        if (value.compareTo(max) > 0) {
            add(field, value.toPlainString() + " is above " + max.toPlainString());
            return false;
        }
        return true;
    }
}
