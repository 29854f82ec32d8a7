package io.callcenter.crm.contacts;

import io.callcenter.crm.shared.FieldProblem;
import java.util.List;

/** The outcome of creating or changing a contact: refusals are results, not exceptions. */
public sealed interface ContactResult {

    record Saved(Contact contact) implements ContactResult {
    }

    record Invalid(List<FieldProblem> problems) implements ContactResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    record NotFound(long id) implements ContactResult {
    }
}
