package org.credentialcourier.security;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.ActivateJobCmd;
import org.camunda.bpm.engine.impl.cmd.ActivateJobDefinitionCmd;
import org.camunda.bpm.engine.impl.cmd.ActivateProcessDefinitionCmd;
import org.camunda.bpm.engine.impl.cmd.ActivateProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateAllMessageCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteJobCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteJobsCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.EvaluateStartConditionCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.MessageEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.PatchExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.PatchTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.ProcessInstanceModificationBatchCmd;
import org.camunda.bpm.engine.impl.cmd.ProcessInstanceModificationCmd;
import org.camunda.bpm.engine.impl.cmd.RecalculateJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RestartProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.SetExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobDefinitionPriorityCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobPriorityCmd;
import org.camunda.bpm.engine.impl.cmd.SetProcessDefinitionVersionCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.SuspendJobCmd;
import org.camunda.bpm.engine.impl.cmd.SuspendJobDefinitionCmd;
import org.camunda.bpm.engine.impl.cmd.SuspendProcessDefinitionCmd;
import org.camunda.bpm.engine.impl.cmd.SuspendProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.UnlockJobCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateProcessInstancesSuspendStateCmd;
import org.camunda.bpm.engine.impl.cmd.batch.CorrelateAllMessageBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.DeleteProcessInstanceBatchCmd;
import org.camunda.bpm.engine.impl.batch.RestartProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateProcessInstancesSuspendStateBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.variables.SetVariablesToProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.migration.MigrateProcessInstanceCmd;
import org.camunda.bpm.engine.impl.migration.batch.MigrateProcessInstanceBatchCmd;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * The processes' truth is written by the application and by the forms, never around them. People reach the engine
 * through two doors, the engine's REST API ({@code /engine-rest}) and the webapps' own ({@code /camunda/api/engine}),
 * where they are authenticated in the engine; the application itself acts as nobody there. For a person who is not a
 * Camunda administrator (group {@code camunda-admin}, the platform's operators), a command that person issues
 * directly (not one the application's code issues inside it) is refused when it would:
 * <ul>
 * <li>start a process other than through its start form, or with fields the form does not have, or with a business
 * key of one's own ({@code initiator} comes from the signed-in user, never from the request);</li>
 * <li>complete a task with variables its form does not have, or with a read-only field changed;</li>
 * <li>correlate a message or send a signal, write or remove a variable, move, restart, migrate, cancel or suspend an
 * instance, throw a BPMN error or escalation at a task, or run, reschedule or suspend a job ahead of its time.</li>
 * </ul>
 * Camunda's authorizations ({@link AccessControlSetup}) still decide everything else; retrying a failed job stays
 * open to whoever may. A refusal is an {@link AuthorizationException}: 403 on both REST APIs, a message in Tasklist.
 */
@Component
public class EngineDoorGuard extends AbstractProcessEnginePlugin {

    private static final Map<Class<?>, String> REFUSED = Stream.<Map<Class<?>, String>>of(
            refuse("processes start through their start form, or through the application",
                    StartProcessInstanceCmd.class, StartProcessInstanceAtActivitiesCmd.class,
                    RestartProcessInstancesCmd.class, RestartProcessInstancesBatchCmd.class,
                    EvaluateStartConditionCmd.class),
            refuse("messages and signals come from the application",
                    CorrelateMessageCmd.class, CorrelateAllMessageCmd.class, CorrelateAllMessageBatchCmd.class,
                    MessageEventReceivedCmd.class, SignalEventReceivedCmd.class, SignalCmd.class),
            refuse("variables are written by the application and by the forms",
                    SetExecutionVariablesCmd.class, SetTaskVariablesCmd.class, RemoveExecutionVariablesCmd.class,
                    RemoveTaskVariablesCmd.class, PatchExecutionVariablesCmd.class, PatchTaskVariablesCmd.class,
                    SetVariablesToProcessInstancesBatchCmd.class),
            refuse("an instance moves only along its diagram; cancel through the application",
                    ModifyProcessInstanceCmd.class, ModifyProcessInstanceAsyncCmd.class,
                    ProcessInstanceModificationCmd.class, ProcessInstanceModificationBatchCmd.class,
                    MigrateProcessInstanceCmd.class, MigrateProcessInstanceBatchCmd.class,
                    SetProcessDefinitionVersionCmd.class, HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class,
                    DeleteProcessInstanceCmd.class, DeleteProcessInstancesCmd.class,
                    DeleteProcessInstanceBatchCmd.class, SuspendProcessInstanceCmd.class,
                    ActivateProcessInstanceCmd.class, UpdateProcessInstancesSuspendStateCmd.class,
                    UpdateProcessInstancesSuspendStateBatchCmd.class, SuspendProcessDefinitionCmd.class,
                    ActivateProcessDefinitionCmd.class),
            refuse("timers and jobs run when they are due; a failed job may be retried",
                    ExecuteJobsCmd.class, SetJobDuedateCmd.class, RecalculateJobDuedateCmd.class,
                    SuspendJobCmd.class, ActivateJobCmd.class, SuspendJobDefinitionCmd.class,
                    ActivateJobDefinitionCmd.class, DeleteJobCmd.class, DeleteJobsCmd.class, UnlockJobCmd.class,
                    SetJobPriorityCmd.class, SetJobDefinitionPriorityCmd.class))
            .flatMap(m -> m.entrySet().stream())
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    /** Commands that the guarded command issues itself (look-ups, the engine's own work) are not doors. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final FormFields forms = FormFields.fromClasspath();
    private ProcessEngineConfigurationImpl engine;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        this.engine = configuration;
        configuration.setCustomPreCommandInterceptorsTxRequired(withDoor(
                configuration.getCustomPreCommandInterceptorsTxRequired()));
        configuration.setCustomPreCommandInterceptorsTxRequiresNew(withDoor(
                configuration.getCustomPreCommandInterceptorsTxRequiresNew()));
    }

    private List<CommandInterceptor> withDoor(List<CommandInterceptor> interceptors) {
        List<CommandInterceptor> all = new ArrayList<>();
        all.add(new Door());
        if (interceptors != null) {
            all.addAll(interceptors);
        }
        return all;
    }

    private final class Door extends CommandInterceptor {

        @Override
        public <T> T execute(Command<T> command) {
            int[] depth = DEPTH.get();
            boolean outermost = depth[0] == 0;
            depth[0]++;
            try {
                if (outermost) {
                    check(command);
                }
                return next.execute(command);
            } finally {
                depth[0]--;
            }
        }
    }

    private void check(Command<?> command) {
        Authentication person = engine.getIdentityService().getCurrentAuthentication();
        if (person == null || person.getUserId() == null
                || (person.getGroupIds() != null && person.getGroupIds().contains(Groups.CAMUNDA_ADMIN))) {
            return;
        }
        String refused = REFUSED.get(command.getClass());
        if (refused != null) {
            throw new AuthorizationException(person.getUserId() + " may not do this here: " + refused + ".");
        }
        if (command instanceof SubmitStartFormCmd start) {
            checkStart(person, start);
        } else if (command instanceof SubmitTaskFormCmd submit) {
            checkTask(person, (String) field(submit, "taskId"), variables(field(submit, "properties")));
        } else if (command instanceof CompleteTaskCmd complete) {
            checkTask(person, (String) field(complete, "taskId"), variables(field(complete, "variables")));
        }
    }

    private void checkStart(Authentication person, SubmitStartFormCmd start) {
        if (field(start, "businessKey") != null) {
            throw new AuthorizationException(person.getUserId() + " may not choose a business key: the application "
                    + "gives each instance its own.");
        }
        String definitionId = (String) field(start, "processDefinitionId");
        String processKey = lookUp(context -> {
            ProcessDefinitionEntity definition = context.getProcessEngineConfiguration().getDeploymentCache()
                    .findDeployedProcessDefinitionById(definitionId);
            return definition.getKey();
        });
        FormFields.Form form = forms.startForm(processKey).orElseThrow(() -> new AuthorizationException(
                person.getUserId() + " may not start " + processKey + " by hand: it has no start form."));
        Map<String, Object> submitted = variables(field(start, "variables"));
        Set<String> unknown = new TreeSet<>(submitted.keySet());
        unknown.removeAll(form.editable());
        if (!unknown.isEmpty()) {
            throw new AuthorizationException("The start form of " + processKey + " has no field " + unknown
                    + ": only " + new TreeSet<>(form.editable()) + " may be submitted.");
        }
    }

    private void checkTask(Authentication person, String taskId, Map<String, Object> submitted) {
        if (submitted.isEmpty()) {
            return;
        }
        record Target(String processKey, String taskKey, Map<String, Object> current) {
        }
        Target target = lookUp(context -> {
            TaskEntity task = context.getTaskManager().findTaskById(taskId);
            if (task == null || task.getProcessDefinitionId() == null) {
                return null;
            }
            String processKey = context.getProcessEngineConfiguration().getDeploymentCache()
                    .findDeployedProcessDefinitionById(task.getProcessDefinitionId()).getKey();
            Map<String, Object> current = new java.util.HashMap<>();
            forms.taskForm(processKey, task.getTaskDefinitionKey()).ifPresent(form ->
                    form.readOnly().forEach(name -> current.put(name, task.getVariable(name))));
            return new Target(processKey, task.getTaskDefinitionKey(), current);
        });
        if (target == null) {
            // an unknown task fails in the command itself; a task of no process (made by hand) has no form
            return;
        }
        FormFields.Form form = forms.taskForm(target.processKey(), target.taskKey())
                .orElse(new FormFields.Form(null, Set.of(), Set.of()));
        for (var entry : submitted.entrySet()) {
            String name = entry.getKey();
            boolean allowed = form.editable().contains(name)
                    || (form.readOnly().contains(name) && Objects.equals(entry.getValue(), target.current().get(name)));
            if (!allowed) {
                throw new AuthorizationException(person.getUserId() + " may not set " + name + " on task "
                        + target.taskKey() + ": its form lets " + new TreeSet<>(form.editable())
                        + " be filled in, and shows " + new TreeSet<>(form.readOnly()) + " as they are.");
            }
        }
    }

    private <T> T lookUp(Command<T> lookUp) {
        return engine.getCommandExecutorTxRequired().execute(lookUp);
    }

    /** A command's submitted variables, with typed values unwrapped. */
    private static Map<String, Object> variables(Object variables) {
        if (variables == null) {
            return Map.of();
        }
        Map<String, Object> plain = new java.util.HashMap<>();
        ((Map<?, ?>) variables).forEach((name, value) ->
                plain.put((String) name, value instanceof TypedValue typed ? typed.getValue() : value));
        return plain;
    }

    /**
     * The engine's commands keep what they were asked in protected fields; reading them here is tied to Camunda 7.24
     * and fails closed: a field that is not there refuses the command (and {@code EngineDoorTest} fails).
     */
    private static Object field(Object command, String name) {
        for (Class<?> type = command.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(command);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                break;
            }
        }
        throw new AuthorizationException("This request cannot be checked, so it is refused ("
                + command.getClass().getSimpleName() + "." + name + ")");
    }

    private static Map<Class<?>, String> refuse(String reason, Class<?>... commands) {
        return Stream.of(commands).collect(Collectors.toMap(Function.identity(), c -> reason));
    }
}
