package io.callcenter.crm.api;

import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Decision;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskFilter;
import io.callcenter.crm.tasks.Tasks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
@RequestMapping("/api/tasks")
@Tag(name = "Tasks")
class TasksController {

    record TaskJson(long id, Task.TaskType type, Task.TaskStatus status, Long contactId, Long callId, String assignee,
                    String queue, Instant dueAt, String note, Instant createdAt, Instant closedAt) {

        static TaskJson of(Task t) {
            return new TaskJson(t.id(), t.type(), t.status(), t.contactId(), t.callId(), t.assignee(), t.queue(),
                    t.dueAt(), t.note(), t.createdAt(), t.closedAt());
        }
    }

    record NewTask(Task.TaskType type, Long contactId, Long callId, Instant dueAt, String assignee, String note) {
    }

    record TaskChange(Task.TaskStatus status, Instant dueAt, String assignee, String note) {
    }

    private final Tasks tasks;
    private final AccessPolicy access;

    TasksController(Tasks tasks, AccessPolicy access) {
        this.tasks = tasks;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "Tasks by due time, call-backs included; agents list their own, or a contact's (contactId)")
    List<TaskJson> list(@RequestParam(required = false) String assignee, @RequestParam(required = false) Long contactId,
                        @RequestParam(required = false) Task.TaskStatus status,
                        @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit,
                        Authentication auth) {
        if (limit < 1 || limit > 500 || offset < 0) {
            throw new InvalidInputException("limit", "offset must be 0 or more and limit between 1 and 500");
        }
        Decision<TaskFilter> decision = access.tasks(Forbidden.viewer(auth), new TaskFilter(assignee, contactId, status));
        if (decision instanceof Decision.Refused<TaskFilter> refused) {
            throw new Forbidden(refused.reason());
        }
        return tasks.list(((Decision.Allowed<TaskFilter>) decision).filter(), offset, limit).stream().map(TaskJson::of).toList();
    }

    @PostMapping
    @Operation(summary = "Create a reminder; the assignee defaults to the caller")
    ResponseEntity<TaskJson> create(@RequestBody NewTask request, Authentication auth) {
        if (request.type() != null && request.type() != Task.TaskType.REMINDER) {
            throw new InvalidInputException("type", "only REMINDER tasks are created by hand; call-backs come from calls");
        }
        Viewer viewer = Forbidden.viewer(auth);
        String assignee = request.assignee() == null ? auth.getName() : request.assignee();
        if (!access.mayAssignTo(viewer, assignee)) {
            throw new Forbidden(access.mayWorkWithContacts(viewer) ? "only a supervisor sets reminders for someone else"
                    : "your role does not include tasks");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(TaskJson.of(saved(
                tasks.createReminder(request.contactId(), request.callId(), assignee, request.dueAt(), request.note()))));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Close (status DONE) or reopen a task, move its due time, reassign it")
    TaskJson update(@PathVariable long id, @RequestBody TaskChange change, Authentication auth) {
        Viewer viewer = Forbidden.viewer(auth);
        Task existing = tasks.find(id).orElseThrow(() -> new NotFoundException("No task " + id));
        if (!access.mayChange(viewer, existing)) {
            throw new Forbidden("only the task's assignee or a supervisor changes it");
        }
        if (change.assignee() != null && !change.assignee().equals(existing.assignee()) && !access.mayAssignTo(viewer, change.assignee())) {
            throw new Forbidden("only a supervisor hands a task to someone else");
        }
        return TaskJson.of(saved(tasks.update(id, change.status(), change.dueAt(), change.assignee(), change.note())));
    }

    private static Task saved(Tasks.Result result) {
        if (result instanceof Tasks.Result.Invalid invalid) {
            throw new InvalidInputException(invalid.problems());
        }
        if (result instanceof Tasks.Result.NotFound notFound) {
            throw new NotFoundException("No task " + notFound.id());
        }
        return ((Tasks.Result.Saved) result).task();
    }
}
