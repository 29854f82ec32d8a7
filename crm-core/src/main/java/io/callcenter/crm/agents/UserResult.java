package io.callcenter.crm.agents;

import io.callcenter.crm.shared.FieldProblem;

import java.util.List;

public sealed interface UserResult {

    record Created(UserAccount user) implements UserResult {
    }

    record Invalid(List<FieldProblem> problems) implements UserResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
