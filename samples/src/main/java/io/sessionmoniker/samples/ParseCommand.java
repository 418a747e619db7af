package io.sessionmoniker.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.moniker.ClassMoniker;
import io.sessionmoniker.moniker.ExtensionMoniker;
import io.sessionmoniker.moniker.ItemMoniker;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.moniker.MonikerParser;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.moniker.NewMoniker;
import io.sessionmoniker.moniker.SessionMoniker;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sessmon parse NAME [--json]}: parses a display name and shows its canonical form and parts. */
@Command(name = "parse",
        mixinStandardHelpOptions = true,
        description = "Parse a display name the way MkParseDisplayName does and print its canonical form and"
                + " parts. Exit code 3 when the name is malformed; the error gives the position.")
final class ParseCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "the display name, e.g. Session:3!clsid:10000013-0000-0000-0000-000000000001")
    private String name;

    @Option(names = "--json", description = "print one JSON object on standard output")
    private boolean json;

    @Mixin
    private ScenarioOptions scenario;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // ProgIDs (@ProgID, ProgID:) resolve through the scenario's class registry
        MonikerParser parser = MonikerParser.builder()
                .progIdResolver(scenario.registry(scenario.load()).progIdResolver())
                .build();
        Moniker moniker;
        try {
            moniker = parser.parse(name);
        } catch (MonikerSyntaxException e) {
            if (json) {
                ObjectNode o = Json.object();
                o.put("ok", false);
                o.put("hresult", e.hresultHex());
                o.put("error", e.errorName());
                o.put("eaten", e.eaten());
                o.put("message", e.getMessage());
                out.println(Json.write(o));
            } else {
                err.println("sessmon parse: " + e.errorName() + " (" + e.hresultHex() + "): " + e.getMessage());
                if (e.input().length() <= 200 && e.input().chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                    err.println("  " + e.input());
                    err.println("  " + " ".repeat(e.index()) + "^");
                }
            }
            return ExitCodes.SYNTAX;
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("ok", true);
            o.put("displayName", moniker.displayName());
            o.put("eaten", name.length());
            ArrayNode parts = o.putArray("parts");
            for (Moniker part : moniker.parts()) {
                parts.add(partJson(part));
            }
            out.println(Json.write(o));
        } else {
            out.println(moniker.displayName());
            out.printf("  eaten  %d of %d characters%n", name.length(), name.length());
            String label = "  parts  ";
            for (Moniker part : moniker.parts()) {
                out.println(label + describe(part));
                label = "         ";
            }
        }
        return ExitCodes.OK;
    }

    static ObjectNode partJson(Moniker part) {
        ObjectNode p = Json.object();
        if (part instanceof SessionMoniker s) {
            p.put("kind", "session");
            p.put("session", s.target().toString());
        } else if (part instanceof ClassMoniker c) {
            p.put("kind", "class");
            p.put("clsid", c.clsid().toString());
            p.put("params", c.params());
        } else if (part instanceof NewMoniker n) {
            p.put("kind", "new");
            p.put("clsid", n.clsid().toString());
        } else if (part instanceof ItemMoniker i) {
            p.put("kind", "item");
            p.put("delimiter", i.delimiter());
            p.put("name", i.name());
        } else if (part instanceof ExtensionMoniker e) {
            p.put("kind", e.kindName());
            p.put("displayName", e.displayName());
        }
        return p;
    }

    private static String describe(Moniker part) {
        if (part instanceof SessionMoniker s) {
            return String.format("%-8s %s", "session", s.target().isConsole()
                    ? "Console (the session attached to the console when bound)" : s.target());
        } else if (part instanceof ClassMoniker c) {
            return String.format("%-8s %s%s (binds to the class object)", "class", c.clsid(),
                    c.params().isEmpty() ? "" : " ;" + c.params());
        } else if (part instanceof NewMoniker n) {
            return String.format("%-8s %s (creates an instance)", "new", n.clsid());
        } else if (part instanceof ItemMoniker i) {
            return String.format("%-8s %s", "item", i.name());
        }
        return String.format("%-8s %s", part.kind().label(), part.displayName());
    }
}
