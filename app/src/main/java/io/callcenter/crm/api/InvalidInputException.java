package io.callcenter.crm.api;

import io.callcenter.crm.shared.FieldProblem;

import java.util.List;

/** Input the API refuses, with what is wrong field by field; becomes a 400 problem. */
class InvalidInputException extends RuntimeException {

    private final List<FieldProblem> problems;

    InvalidInputException(List<FieldProblem> problems) {
        super(problems.toString());
        this.problems = List.copyOf(problems);
    }

    InvalidInputException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    List<FieldProblem> problems() {
        return problems;
    }
}
