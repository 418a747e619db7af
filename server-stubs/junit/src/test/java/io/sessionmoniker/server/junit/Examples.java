package io.sessionmoniker.server.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs example test classes through the JUnit launcher, as a build would, so that a test can look at what the kit
 * left behind once a class has ended, and at outcomes (failures, aborts) that must not fail the build itself.
 */
final class Examples {

    private Examples() {
    }

    /** What became of one test or container. */
    record Outcome(String name, boolean container, TestExecutionResult.Status status, String reason) {
    }

    /** What became of them all. */
    record Run(List<Outcome> outcomes) {
        long count(TestExecutionResult.Status status, boolean containers) {
            return outcomes.stream().filter(o -> o.status() == status && o.container() == containers).count();
        }

        List<String> reasons(TestExecutionResult.Status status) {
            return outcomes.stream().filter(o -> o.status() == status).map(Outcome::reason).toList();
        }

        @Override
        public String toString() {
            return outcomes.toString();
        }
    }

    static Run run(Class<?> example) {
        return run(example, Map.of());
    }

    static Run run(Class<?> example, Map<String, String> configuration) {
        List<Outcome> outcomes = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(example))
                .configurationParameters(configuration).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.getSource().isPresent()) {
                            synchronized (outcomes) {
                                outcomes.add(new Outcome(id.getDisplayName(), id.isContainer(), result.getStatus(),
                                        result.getThrowable().map(String::valueOf).orElse("")));
                            }
                        }
                    }

                    @Override
                    public void executionSkipped(TestIdentifier id, String reason) {
                        synchronized (outcomes) {
                            outcomes.add(new Outcome(id.getDisplayName(), id.isContainer(), null, reason));
                        }
                    }
                });
        return new Run(List.copyOf(outcomes));
    }
}
