package io.callcenter.crm.shared;

/** What is wrong with one input field, in words for the person who typed it. */
public record FieldProblem(String field, String message) {
}
