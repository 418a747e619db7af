package io.sessionmoniker.server.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.host.DcomSettings;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One host and third-party DCOM clients inside a private network namespace, where port 135 is free and the
 * loopback belongs to the pair alone: starts an embedded session host whose DCOM side listens on 127.0.0.1:135, runs
 * each client command in turn, and prints one JSON line of what happened (each client's own JSON line, its exit
 * status, the servers the host had running after it; whether the servers ended on their own; which outlived the
 * host). {@link DcomInteropTest} runs it under {@code unshare}.
 *
 * <pre>
 * NamespacePair [--scenario FILE] [--min-level connect|integrity|privacy] [--ping-millis N] [--await-exit-millis N]
 *     -- CLIENT COMMAND… [-- CLIENT COMMAND…]…
 * </pre>
 */
public final class NamespacePair {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NamespacePair() {
    }

    /**
     * Runs the pair.
     *
     * @param args the options, {@code --}, and the client's command
     * @throws Exception on a failure of the pair itself (reported on standard error, exit status 2)
     */
    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int dash = a.indexOf("--");
        if (dash < 0 || dash == a.size() - 1) {
            System.err.println("usage: NamespacePair [options] -- CLIENT COMMAND");
            System.exit(2);
        }
        List<String> options = a.subList(0, dash);
        List<List<String>> clients = new ArrayList<>();
        List<String> current = null;
        for (String arg : a.subList(dash, a.size())) {
            if (arg.equals("--")) {
                current = new ArrayList<>();
                clients.add(current);
            } else {
                current.add(arg);
            }
        }
        Scenario scenario = option(options, "--scenario").map(f -> Scenario.load(Path.of(f))).orElse(Scenario.demo());
        DcomSettings d = scenario.dcom().withListen("127.0.0.1:135");
        d = option(options, "--min-level").map(DcomSettings::parseLevel).map(d::withMinimumAuthnLevel).orElse(d);
        final DcomSettings dcom = d;
        d = option(options, "--ping-millis").map(Long::parseLong).map(Duration::ofMillis).map(dcom::withPingPeriod)
                .orElse(dcom);
        long awaitExit = option(options, "--await-exit-millis").map(Long::parseLong).orElse(0L);
        ObjectNode report = JSON.createObjectNode();
        SessionHost host = SessionHost.start(scenario.withDcom(d), SessionHost.Options.defaults());
        try {
            ArrayNode runs = report.putArray("clients");
            java.util.Set<Long> seen = new java.util.LinkedHashSet<>();
            for (List<String> client : clients) {
                int before = host.launchedServerPids().size();
                Process p = new ProcessBuilder(client).redirectInput(ProcessBuilder.Redirect.from(
                        new java.io.File("/dev/null"))).start();
                CompletableFuture<String> out = drain(p.getInputStream());
                CompletableFuture<String> err = drain(p.getErrorStream());
                boolean ended = p.waitFor(120, TimeUnit.SECONDS);
                if (!ended) {
                    p.destroyForcibly().waitFor();
                }
                ObjectNode run = runs.addObject();
                run.put("exit", ended ? p.exitValue() : -1);
                run.set("output", lastJsonLine(out.get(10, TimeUnit.SECONDS)));
                run.put("stderr", tail(err.get(10, TimeUnit.SECONDS)));
                ArrayNode running = run.putArray("serverPidsAfter");
                host.serverPids().forEach(running::add);
                List<Long> all = host.launchedServerPids();
                ArrayNode launched = run.putArray("serversLaunched");
                all.subList(Math.min(before, all.size()), all.size()).forEach(launched::add);
                seen.addAll(all);
            }
            List<Long> pids = new ArrayList<>(seen);
            if (awaitExit > 0) {
                // wait on the servers' exits, up to the deadline
                CompletableFuture<?>[] exits = pids.stream().map(ProcessHandle::of)
                        .flatMap(java.util.Optional::stream).map(ProcessHandle::onExit)
                        .toArray(CompletableFuture[]::new);
                boolean allEnded;
                try {
                    CompletableFuture.allOf(exits).get(awaitExit, TimeUnit.MILLISECONDS);
                    allEnded = true;
                } catch (java.util.concurrent.TimeoutException e) {
                    allEnded = false;
                }
                report.put("serversEndedOnTheirOwn", allEnded);
            }
            host.close();
            List<Long> alive = new ArrayList<>();
            for (long pid : pids) {
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> alive.add(pid));
            }
            ArrayNode left = report.putArray("serversAliveAfterClose");
            alive.forEach(left::add);
        } finally {
            host.close();
        }
        System.out.println(JSON.writeValueAsString(report));
        System.out.flush();
        System.exit(0);
    }

    private static java.util.Optional<String> option(List<String> options, String name) {
        int i = options.indexOf(name);
        return i >= 0 && i + 1 < options.size() ? java.util.Optional.of(options.get(i + 1)) : java.util.Optional.empty();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                in.transferTo(b);
            } catch (IOException e) {
                // the stream ended with the process
            }
            return b.toString(StandardCharsets.UTF_8);
        });
    }

    private static JsonNode lastJsonLine(String text) {
        String[] lines = text.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.startsWith("{")) {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    break;
                }
            }
        }
        ObjectNode none = JSON.createObjectNode();
        none.put("noJsonOutput", text.length() > 2000 ? text.substring(text.length() - 2000) : text);
        return none;
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
