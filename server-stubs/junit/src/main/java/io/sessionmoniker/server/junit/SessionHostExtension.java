package io.sessionmoniker.server.junit;

import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.host.SessionManager;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The extension behind {@link SessionHostTest}: starts the host before the class's first test (or before each test),
 * keeps it in the JUnit store, which closes it when the class (or test) ends, passed or failed, and resolves the
 * parameters of the kit's types. Register it with {@link SessionHostTest}, not directly.
 *
 * <p>The configuration parameter {@code sessionmoniker.kit.port135.unavailable} ({@code abort}, the default, or
 * {@code fail}) says what becomes of tests whose {@link SessionHostTest.Port135#REQUIRED} port cannot be bound.
 */
public final class SessionHostExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** The configuration parameter that turns the skip of an unavailable required port 135 into a failure. */
    public static final String PORT135_UNAVAILABLE = "sessionmoniker.kit.port135.unavailable";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SessionHostExtension.class);
    private static final String FIXTURE = "fixture";
    private static final Set<Class<?>> TYPES = Set.of(SessionHost.class, DcomEndpoint.class, ScriptedCalls.class,
            SessionControl.class, SessionManager.class, Scenario.class);

    /** Made by JUnit. */
    public SessionHostExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<SessionHostTest> own = AnnotationSupport.findAnnotation(testClass, SessionHostTest.class);
        // a @Nested class without an annotation of its own shares its enclosing class's host
        if (own.isPresent() && own.get().lifecycle() == SessionHostTest.Lifecycle.PER_CLASS) {
            start(context, testClass, own.get());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Owner owner = owner(testClass);
        if (owner.annotation().lifecycle() == SessionHostTest.Lifecycle.PER_METHOD) {
            start(context, owner.type(), owner.annotation());
        }
    }

    private static void start(ExtensionContext context, Class<?> annotated, SessionHostTest ann) throws Exception {
        Scenario scenario = scenario(annotated, ann);
        List<ScriptedClassSpec> classes = scriptedClasses(annotated);
        HostFixture fixture;
        try {
            fixture = HostFixture.start(scenario, ann, classes);
        } catch (HostFixture.Port135Unavailable e) {
            if ("fail".equalsIgnoreCase(context.getConfigurationParameter(PORT135_UNAVAILABLE).orElse("abort"))) {
                throw new ExtensionConfigurationException(annotated.getName() + " requires port 135: "
                        + e.getMessage(), e);
            }
            Assumptions.abort(annotated.getName() + " requires port 135 (port135 = REQUIRED), skipped: "
                    + e.getMessage());
            return;
        }
        context.getStore(NAMESPACE).put(FIXTURE, fixture);
    }

    /** The class whose annotation applies: the test class, else its nearest enclosing class that has one. */
    private record Owner(Class<?> type, SessionHostTest annotation) {
    }

    private static Owner owner(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<SessionHostTest> a = AnnotationSupport.findAnnotation(c, SessionHostTest.class);
            if (a.isPresent()) {
                return new Owner(c, a.get());
            }
        }
        throw new ExtensionConfigurationException(testClass.getName() + " uses SessionHostExtension without"
                + " @SessionHostTest; annotate the class with @SessionHostTest instead");
    }

    private static Scenario scenario(Class<?> testClass, SessionHostTest ann) throws Exception {
        List<Member> members = members(testClass, HostScenario.class);
        if (members.size() > 1) {
            throw new ExtensionConfigurationException(testClass.getName() + " has " + members.size()
                    + " @HostScenario members: " + members.stream().map(Member::getName).toList() + "; give one");
        }
        if (!ann.scenario().isEmpty()) {
            if (!members.isEmpty()) {
                throw new ExtensionConfigurationException(testClass.getName() + " names the scenario \""
                        + ann.scenario() + "\" and has the @HostScenario member " + members.get(0).getName()
                        + "; give one");
            }
            return Scenario.load(Resources.locate(testClass, ann.scenario(), "@SessionHostTest(scenario)"));
        }
        if (members.isEmpty()) {
            return Scenario.demo();
        }
        Object value = value(members.get(0));
        if (!(value instanceof Scenario s)) {
            throw new ExtensionConfigurationException("@HostScenario " + testClass.getName() + "."
                    + members.get(0).getName() + " gave " + (value == null ? "null" : value.getClass().getName())
                    + ", not a Scenario");
        }
        return s;
    }

    private static List<ScriptedClassSpec> scriptedClasses(Class<?> testClass) throws Exception {
        List<ScriptedClassSpec> classes = new ArrayList<>();
        for (ScriptedClass a : AnnotationSupport.findRepeatableAnnotations(testClass, ScriptedClass.class)) {
            classes.add(ScriptedClassSpec.of(a, testClass));
        }
        for (Member m : members(testClass, HostClasses.class)) {
            Object value = value(m);
            String where = "@HostClasses " + testClass.getName() + "." + m.getName();
            if (value instanceof ScriptedClassSpec s) {
                classes.add(s);
            } else if (value instanceof ScriptedClassSpec[] array) {
                classes.addAll(List.of(array));
            } else if (value instanceof Iterable<?> all) {
                for (Object o : all) {
                    if (!(o instanceof ScriptedClassSpec s)) {
                        throw new ExtensionConfigurationException(where + " gave an element that is not a"
                                + " ScriptedClassSpec: " + o);
                    }
                    classes.add(s);
                }
            } else {
                throw new ExtensionConfigurationException(where + " gave " + (value == null ? "null"
                        : value.getClass().getName()) + "; expected a ScriptedClassSpec, an array or an Iterable"
                        + " of them");
            }
        }
        return classes;
    }

    private static List<Member> members(Class<?> testClass, Class<? extends java.lang.annotation.Annotation> a) {
        List<Member> members = new ArrayList<>();
        members.addAll(AnnotationSupport.findAnnotatedFields(testClass, a));
        members.addAll(AnnotationSupport.findAnnotatedMethods(testClass, a, HierarchyTraversalMode.TOP_DOWN));
        for (Member m : members) {
            if (!Modifier.isStatic(m.getModifiers())) {
                throw new ExtensionConfigurationException("@" + a.getSimpleName() + " " + testClass.getName() + "."
                        + m.getName() + " must be static: the host starts before any test instance exists");
            }
            if (m instanceof Method method && method.getParameterCount() != 0) {
                throw new ExtensionConfigurationException("@" + a.getSimpleName() + " method " + testClass.getName()
                        + "." + m.getName() + " must take no parameters");
            }
        }
        return members;
    }

    private static Object value(Member m) throws Exception {
        try {
            if (m instanceof Field f) {
                f.setAccessible(true);
                return f.get(null);
            }
            Method method = (Method) m;
            method.setAccessible(true);
            return method.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        HostFixture f = context.getStore(NAMESPACE).get(FIXTURE, HostFixture.class);
        if (f == null) {
            throw new ParameterResolutionException("no session host is running for " + parameter.getDeclaringExecutable()
                    + ": with lifecycle = PER_METHOD the host exists only around each test (from the extension's"
                    + " beforeEach to the end of the test), not in @BeforeAll or @AfterAll methods");
        }
        if (type == SessionHost.class) {
            return f.host();
        }
        if (type == DcomEndpoint.class) {
            return f.endpoint().orElseThrow(() -> new ParameterResolutionException("the host serves no DCOM: set"
                    + " @SessionHostTest(dcom = true) to get a DcomEndpoint"));
        }
        if (type == ScriptedCalls.class) {
            return f.calls();
        }
        if (type == SessionControl.class) {
            return f.sessionControl();
        }
        if (type == SessionManager.class) {
            return f.host().sessions();
        }
        return f.scenario();
    }
}
