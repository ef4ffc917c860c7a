package org.credentialcourier.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The fields of the Camunda Forms that the diagrams reference ({@code camunda:formRef} on start events and user
 * tasks), read from the same {@code bpmn/} and {@code forms/} files that the application deploys: what a person may
 * submit through a form, and nothing else. A field is editable, or read-only (shown, and sent back by Tasklist as it
 * was shown).
 */
public final class FormFields {

    /** One form's fields by key. */
    public record Form(String id, Set<String> editable, Set<String> readOnly) {
    }

    private final Map<String, Form> startForms;
    private final Map<String, Form> taskForms;

    private FormFields(Map<String, Form> startForms, Map<String, Form> taskForms) {
        this.startForms = Map.copyOf(startForms);
        this.taskForms = Map.copyOf(taskForms);
    }

    /** Reads every diagram and form below {@code bpmn/} and {@code forms/} on the classpath. */
    public static FormFields fromClasspath() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        ObjectMapper json = new ObjectMapper();
        try {
            Map<String, Form> forms = new HashMap<>();
            for (Resource resource : resolver.getResources("classpath*:forms/**/*.form")) {
                try (InputStream in = resource.getInputStream()) {
                    Form form = form(json.readTree(in));
                    forms.put(form.id(), form);
                }
            }
            Map<String, Form> startForms = new HashMap<>();
            Map<String, Form> taskForms = new HashMap<>();
            for (Resource resource : resolver.getResources("classpath*:bpmn/**/*.bpmn")) {
                BpmnModelInstance model;
                try (InputStream in = resource.getInputStream()) {
                    model = Bpmn.readModelFromStream(in);
                }
                for (Process process : model.getModelElementsByType(Process.class)) {
                    for (StartEvent start : process.getChildElementsByType(StartEvent.class)) {
                        formOf(start.getCamundaFormRef(), forms).ifPresent(f -> startForms.put(process.getId(), f));
                    }
                    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                        if (processOf(task) == process) {
                            taskForms.put(taskKey(process.getId(), task.getId()),
                                    formOf(task.getCamundaFormRef(), forms).orElse(new Form(null, Set.of(), Set.of())));
                        }
                    }
                }
            }
            return new FormFields(startForms, taskForms);
        } catch (IOException e) {
            throw new UncheckedIOException("The diagrams and forms could not be read", e);
        }
    }

    /** The start form of process {@code processKey}, if it has one. */
    public Optional<Form> startForm(String processKey) {
        return Optional.ofNullable(startForms.get(processKey));
    }

    /** The form of user task {@code taskId} of process {@code processKey}; a task without a form has no fields. */
    public Optional<Form> taskForm(String processKey, String taskId) {
        return Optional.ofNullable(taskForms.get(taskKey(processKey, taskId)));
    }

    private static Optional<Form> formOf(String formRef, Map<String, Form> forms) {
        if (formRef == null) {
            return Optional.empty();
        }
        Form form = forms.get(formRef);
        if (form == null) {
            throw new IllegalStateException("A diagram references form " + formRef + ", which forms/ does not have");
        }
        return Optional.of(form);
    }

    private static Form form(JsonNode form) {
        Set<String> editable = new LinkedHashSet<>();
        Set<String> readOnly = new LinkedHashSet<>();
        collect(form.path("components"), editable, readOnly);
        return new Form(form.path("id").asText(), Set.copyOf(editable), Set.copyOf(readOnly));
    }

    private static void collect(JsonNode components, Set<String> editable, Set<String> readOnly) {
        for (JsonNode component : components) {
            String key = component.path("key").asText(null);
            if (key != null) {
                boolean fixed = component.path("readonly").asBoolean(false) || component.path("disabled").asBoolean(false);
                (fixed ? readOnly : editable).add(key);
            }
            collect(component.path("components"), editable, readOnly);
        }
    }

    private static Process processOf(UserTask task) {
        var parent = task.getParentElement();
        while (parent != null && !(parent instanceof Process)) {
            parent = parent.getParentElement();
        }
        return (Process) parent;
    }

    private static String taskKey(String processKey, String taskId) {
        return processKey + "#" + taskId;
    }
}
