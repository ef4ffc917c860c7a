package org.credentialcourier.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.credentialcourier.bulk.BulkInvitationProcess;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.support.CourierTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The diagrams in {@code bpmn/} and the forms in {@code forms/} checked like code: conventions of ids and names,
 * layout, wiring to the Spring beans and to the constants the Java code uses, forms, timers and transaction boundaries.
 */
@CourierTest
class ModelConventionsTest {

    private static final Path BPMN = Path.of("bpmn");
    private static final Path FORMS = Path.of("forms");
    private static final Pattern ELEMENT_ID = Pattern.compile(
            "(StartEvent|EndEvent|Task|CallActivity|SubProcess|Gateway|BoundaryEvent|Event|Flow|Message|Error)_[A-Z][A-Za-z]+");
    private static final Pattern GENERATED = Pattern.compile(".*_([0-9]+|[0-9a-z]{7})$");
    private static final Pattern DELEGATE_EXPRESSION = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

    /** Each process and the class that holds its names: variables, messages, errors, element ids. */
    private static final Map<String, Class<?>> NAMES = Map.of(
            InvitationProcess.PROCESS_KEY, InvitationProcess.class,
            MailDeliveryProcess.PROCESS_KEY, MailDeliveryProcess.class,
            PasswordChangeProcess.PROCESS_KEY, PasswordChangeProcess.class,
            PasswordResetProcess.PROCESS_KEY, PasswordResetProcess.class,
            BulkInvitationProcess.PROCESS_KEY, BulkInvitationProcess.class);

    private static final Map<String, BpmnModelInstance> MODELS = new java.util.TreeMap<>();

    @Autowired ApplicationContext context;

    @BeforeAll
    static void readModels() throws IOException {
        try (Stream<Path> files = Files.list(BPMN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
                BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
                Bpmn.validateModel(model);
                MODELS.put(file.getFileName().toString(), model);
            }
        }
        assertThat(MODELS).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void eachFileHoldsOneExecutableProcessNamedAfterIt() {
        MODELS.forEach((file, model) -> {
            Collection<Process> processes = model.getModelElementsByType(Process.class);
            assertThat(processes).as(file).singleElement().satisfies(process -> {
                assertThat(file).isEqualTo(process.getId() + ".bpmn");
                assertThat(process.isExecutable()).isTrue();
                assertThat(process.getName()).as(file).isNotBlank();
                assertThat(process.getCamundaHistoryTimeToLiveString()).as(file + " history time to live").isNotBlank();
                assertThat(process.getCamundaVersionTag()).as(file + " version tag").isNotBlank();
                assertThat(NAMES).as("a names class for " + process.getId()).containsKey(process.getId());
            });
        });
    }

    @Test
    void idsAreReadableAndFlowNodesNamed() {
        List<String> problems = new ArrayList<>();
        MODELS.forEach((file, model) -> {
            List<BaseElement> elements = new ArrayList<>(model.getModelElementsByType(FlowElement.class));
            elements.addAll(model.getModelElementsByType(Message.class));
            elements.addAll(model.getModelElementsByType(Error.class));
            for (BaseElement element : elements) {
                String id = element.getId();
                if (!ELEMENT_ID.matcher(id).matches() || GENERATED.matcher(id).matches()) {
                    problems.add(file + ": id " + id);
                }
            }
            for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
                boolean named = node.getName() != null && !node.getName().isBlank();
                if (isMerging(node)) {
                    if (named) {
                        problems.add(file + ": merging gateway " + node.getId() + " named " + node.getName());
                    }
                } else if (!named) {
                    problems.add(file + ": unnamed " + node.getId());
                } else if (isSplitting(node) && !node.getName().strip().endsWith("?")) {
                    problems.add(file + ": splitting gateway " + node.getId() + " is no question: " + node.getName());
                }
            }
            for (Task task : model.getModelElementsByType(Task.class)) {
                if (task.getDocumentations().isEmpty() || task.getDocumentations().iterator().next().getTextContent().isBlank()) {
                    problems.add(file + ": no documentation on " + task.getId());
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyElementHasLayout() {
        List<String> missing = new ArrayList<>();
        MODELS.forEach((file, model) -> {
            Set<String> shapes = new HashSet<>();
            model.getModelElementsByType(BpmnShape.class).forEach(s -> shapes.add(s.getBpmnElement().getId()));
            Set<String> edges = new HashSet<>();
            model.getModelElementsByType(BpmnEdge.class).forEach(e -> edges.add(e.getBpmnElement().getId()));
            model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId)
                    .filter(id -> !shapes.contains(id)).forEach(id -> missing.add(file + ": no shape for " + id));
            model.getModelElementsByType(SequenceFlow.class).stream().map(SequenceFlow::getId)
                    .filter(id -> !edges.contains(id)).forEach(id -> missing.add(file + ": no edge for " + id));
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void delegatesAndListenersResolveToBeansOfTheRightKind() {
        List<String> problems = new ArrayList<>();
        MODELS.forEach((file, model) -> {
            for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                check(file, task.getId(), task.getCamundaDelegateExpression(), JavaDelegate.class, problems);
            }
            for (CamundaExecutionListener listener : model.getModelElementsByType(CamundaExecutionListener.class)) {
                if (listener.getCamundaDelegateExpression() != null) {
                    check(file, "execution listener", listener.getCamundaDelegateExpression(), ExecutionListener.class, problems);
                }
            }
            for (CamundaTaskListener listener : model.getModelElementsByType(CamundaTaskListener.class)) {
                check(file, "task listener", listener.getCamundaDelegateExpression(), TaskListener.class, problems);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void calledProcessesExist() {
        Set<String> processIds = new HashSet<>();
        MODELS.values().forEach(m -> m.getModelElementsByType(Process.class).forEach(p -> processIds.add(p.getId())));
        MODELS.forEach((file, model) -> {
            for (CallActivity call : model.getModelElementsByType(CallActivity.class)) {
                assertThat(processIds).as(file + ": " + call.getId()).contains(call.getCalledElement());
            }
        });
    }

    /**
     * Tasklist's "Start process" lists what a person may start: a process with a start form. A process that another
     * calls (the mail delivery) or that has no start form is internal: started from Tasklist it would run without its
     * caller's variables, so it says {@code camunda:isStartableInTasklist="false"}.
     */
    @Test
    void onlyProcessesWithAStartFormAreStartableInTasklist() {
        Set<String> called = new HashSet<>();
        MODELS.values().forEach(m -> m.getModelElementsByType(CallActivity.class)
                .forEach(call -> called.add(call.getCalledElement())));
        assertThat(called).as("processes that others call").contains(MailDeliveryProcess.PROCESS_KEY);
        List<String> problems = new ArrayList<>();
        MODELS.forEach((file, model) -> {
            for (Process process : model.getModelElementsByType(Process.class)) {
                boolean startForm = process.getChildElementsByType(StartEvent.class).stream()
                        .anyMatch(start -> start.getCamundaFormRef() != null || start.getCamundaFormKey() != null);
                boolean internal = called.contains(process.getId()) || !startForm;
                if (internal == process.isCamundaStartableInTasklist()) {
                    problems.add(file + ": " + process.getId() + (internal
                            ? " is internal (called or without a start form) but startable in Tasklist"
                            : " has a start form but is not startable in Tasklist"));
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void namesUsedInJavaExistInTheModels() throws IllegalAccessException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Class<?>> entry : NAMES.entrySet()) {
            BpmnModelInstance model = MODELS.get(entry.getKey() + ".bpmn");
            Set<String> messages = new HashSet<>();
            model.getModelElementsByType(Message.class).forEach(m -> messages.add(m.getName()));
            Set<String> errors = new HashSet<>();
            MODELS.values().forEach(m -> m.getModelElementsByType(Error.class).forEach(e -> errors.add(e.getErrorCode())));
            for (Class<?> names : entry.getValue().getDeclaredClasses()) {
                for (String value : constants(names)) {
                    switch (names.getSimpleName()) {
                        case "Messages" -> { if (!messages.contains(value)) problems.add(entry.getKey() + ": message " + value); }
                        case "Errors" -> { if (!errors.contains(value)) problems.add(entry.getKey() + ": error " + value); }
                        case "Elements" -> { if (model.getModelElementById(value) == null) problems.add(entry.getKey() + ": element " + value); }
                        default -> { }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void formsExistAndAskOnlyForVariablesTheProcessKnows() throws Exception {
        List<String> problems = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, BpmnModelInstance> entry : MODELS.entrySet()) {
            BpmnModelInstance model = entry.getValue();
            String processId = model.getModelElementsByType(Process.class).iterator().next().getId();
            Set<String> variables = new HashSet<>();
            for (Class<?> names : NAMES.get(processId).getDeclaredClasses()) {
                if (names.getSimpleName().equals("Vars")) {
                    variables.addAll(constants(names));
                }
            }
            List<String[]> refs = new ArrayList<>();
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                refs.add(new String[] {task.getId(), task.getCamundaFormRef()});
            }
            for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
                boolean topLevel = start.getParentElement() instanceof Process;
                // a message start (a bounce report) is started by the application, never from Tasklist
                boolean startedByPeople = !processId.equals(MailDeliveryProcess.PROCESS_KEY)
                        && start.getEventDefinitions().isEmpty();
                if (topLevel && startedByPeople) {
                    refs.add(new String[] {start.getId(), start.getCamundaFormRef()});
                }
            }
            for (String[] ref : refs) {
                if (ref[1] == null) {
                    problems.add(processId + ": no formRef on " + ref[0]);
                    continue;
                }
                File form = FORMS.resolve(ref[1] + ".form").toFile();
                if (!form.isFile()) {
                    problems.add(processId + ": no forms/" + ref[1] + ".form");
                    continue;
                }
                JsonNode schema = json.readTree(form);
                if (!ref[1].equals(schema.path("id").asText())) {
                    problems.add(form + ": id is not " + ref[1]);
                }
                for (JsonNode key : schema.findValues("key")) {
                    if (!variables.contains(key.asText())) {
                        problems.add(form + ": field " + key.asText() + " is no variable of " + processId);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void timersAreExpressions() {
        MODELS.forEach((file, model) -> {
            for (TimerEventDefinition timer : model.getModelElementsByType(TimerEventDefinition.class)) {
                String value = Stream.of(timer.getTimeDate(), timer.getTimeDuration(), timer.getTimeCycle())
                        .filter(java.util.Objects::nonNull).findFirst().orElseThrow().getTextContent().strip();
                assertThat(value).as(file + ": timer " + timer.getParentElement().getAttributeValue("id"))
                        .startsWith("${").endsWith("}");
            }
        });
    }

    @Test
    void sideEffectsHaveATransactionBoundaryAndARetryPolicy() {
        List<String> problems = new ArrayList<>();
        MODELS.forEach((file, model) -> {
            for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                boolean sendsMail = "${sendEmailDelegate}".equals(task.getCamundaDelegateExpression());
                if (sendsMail && !task.isCamundaAsyncBefore()) {
                    problems.add(file + ": " + task.getId() + " sends mail without async before");
                }
            }
            for (Activity activity : model.getModelElementsByType(Activity.class)) {
                boolean async = activity.isCamundaAsyncBefore() || activity.isCamundaAsyncAfter();
                boolean retries = activity.getExtensionElements() != null && !activity.getExtensionElements()
                        .getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).list().isEmpty();
                if (async && !retries) {
                    problems.add(file + ": " + activity.getId() + " is asynchronous without a retry policy");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    /**
     * A gateway that only joins paths (several in, one out). Like the invoice example of camunda-bpm-platform, such a
     * gateway carries no name: it decides nothing, and a name would read as a task. Its id says it joins
     * ({@code Gateway_Join...}).
     */
    private static boolean isMerging(FlowNode node) {
        return node instanceof Gateway && node.getIncoming().size() > 1 && node.getOutgoing().size() == 1;
    }

    /** A gateway that chooses a path (one in, several out): its name is the question its flows answer. */
    private static boolean isSplitting(FlowNode node) {
        return node instanceof Gateway && node.getIncoming().size() == 1 && node.getOutgoing().size() > 1;
    }

    private void check(String file, String where, String expression, Class<?> kind, List<String> problems) {
        var matcher = expression == null ? null : DELEGATE_EXPRESSION.matcher(expression);
        if (matcher == null || !matcher.matches()) {
            problems.add(file + ": " + where + " has no delegate expression of the form ${bean}: " + expression);
            return;
        }
        String bean = matcher.group(1);
        if (!context.containsBean(bean)) {
            problems.add(file + ": " + where + " names no bean: " + bean);
        } else if (!kind.isInstance(context.getBean(bean))) {
            problems.add(file + ": " + where + " bean " + bean + " is no " + kind.getSimpleName());
        }
    }

    private static List<String> constants(Class<?> holder) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }
}
