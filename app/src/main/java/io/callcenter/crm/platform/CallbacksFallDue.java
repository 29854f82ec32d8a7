package io.callcenter.crm.platform;

import io.callcenter.crm.outbox.FactConsumer;
import io.callcenter.crm.tasks.CallbackOwed;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskDue;
import io.callcenter.crm.tasks.Tasks;
import org.springframework.stereotype.Component;

/**
 * A call-back is due the moment the unanswered call that left it ends: its assignee is told on whichever
 * node they are connected to. Comes from the outbox, so a Redis outage delays the notice instead of
 * losing it; a call-back already done by then is not announced.
 */
@Component
class CallbacksFallDue implements FactConsumer<CallbackOwed> {

    private final Tasks tasks;
    private final ClusterEventBus bus;

    CallbacksFallDue(Tasks tasks, ClusterEventBus bus) {
        this.tasks = tasks;
        this.bus = bus;
    }

    @Override
    public Class<CallbackOwed> fact() {
        return CallbackOwed.class;
    }

    @Override
    public void accept(CallbackOwed owed) throws Exception {
        var task = tasks.find(owed.taskId()).filter(t -> t.status() == Task.TaskStatus.OPEN);
        if (task.isPresent()) {
            bus.publishOrThrow(TaskDue.of(task.get()));
        }
    }
}
