package io.suanli.jobs.domain;

import io.suanli.common.problem.FieldError;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import java.util.List;

/**
 * A well-formed job that no part of the estate could ever run. A submission is refused with it
 * (422); a scenario import reports it and goes on, since scenarios may hold such jobs on purpose.
 */
public class InfeasibleJobException extends ProblemException {

    public InfeasibleJobException(String detail, List<FieldError> errors) {
        super(ProblemType.VALIDATION_FAILED, detail, errors);
    }
}
