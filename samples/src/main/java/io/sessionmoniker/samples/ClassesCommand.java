package io.sessionmoniker.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.host.AppIdRegistration;
import io.sessionmoniker.activation.host.ClassRegistration;
import io.sessionmoniker.activation.host.ClassRegistry;
import io.sessionmoniker.moniker.Guid;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sessmon classes}: what the scenario's registry registers — classes, their ProgIDs, AppIDs and RunAs. */
@Command(name = "classes",
        mixinStandardHelpOptions = true,
        description = "List the classes the scenario registers: CLSID, ProgID, the identity their AppID's RunAs gives"
                + " (Interactive User, Launching User when RunAs is absent, a named account, a service), and name.")
final class ClassesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ScenarioOptions scenario;

    @Option(names = "--json", description = "print one JSON object on standard output")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ClassRegistry registry = scenario.registry(scenario.load());
        ClassRegistry.Snapshot snap = registry.snapshot();
        if (json) {
            ObjectNode o = Json.object();
            o.put("ok", true);
            ArrayNode classes = o.putArray("classes");
            for (Guid clsid : snap.classIds()) {
                ClassRegistration c = snap.lookupClass(clsid).orElseThrow();
                ObjectNode j = classes.addObject();
                j.put("clsid", clsid.toString());
                j.put("name", c.name());
                putOptional(j, "progId", c.progId());
                putOptional(j, "versionIndependentProgId", c.versionIndependentProgId());
                putOptional(j, "appId", c.appId().map(Guid::toString));
                putOptional(j, "localServer32", c.localServer32());
                j.put("identity", identity(snap, c));
            }
            ArrayNode appIds = o.putArray("appIds");
            for (Guid appId : snap.appIds()) {
                AppIdRegistration a = snap.lookupAppId(appId).orElseThrow();
                ObjectNode j = appIds.addObject();
                j.put("appId", appId.toString());
                j.put("name", a.name());
                putOptional(j, "runAs", a.runAs());
                putOptional(j, "localService", a.localService());
                j.put("appIdFlags", a.appIdFlags());
            }
            out.println(Json.write(o));
            return ExitCodes.OK;
        }
        String format = "%-38s  %-30s  %-16s  %s";
        out.println(String.format(Locale.ROOT, format, "CLSID", "PROGID", "RUNAS", "NAME").stripTrailing());
        for (Guid clsid : snap.classIds()) {
            ClassRegistration c = snap.lookupClass(clsid).orElseThrow();
            out.println(String.format(Locale.ROOT, format, clsid.toBracedString(),
                    c.versionIndependentProgId().or(c::progId).orElse("-"), identity(snap, c), c.name())
                    .stripTrailing());
        }
        return ExitCodes.OK;
    }

    /** The identity the class's AppID gives its server, in the words of DCOMCNFG's Identity tab. */
    static String identity(ClassRegistry.Snapshot snap, ClassRegistration c) {
        Optional<AppIdRegistration> appId = c.appId().flatMap(snap::lookupAppId);
        if (appId.isEmpty()) {
            return "Launching User";
        }
        if (appId.get().localService().isPresent()) {
            return "Service " + appId.get().localService().get();
        }
        return appId.get().runAs().orElse("Launching User");
    }

    private static void putOptional(ObjectNode o, String field, Optional<String> value) {
        if (value.isPresent()) {
            o.put(field, value.get());
        } else {
            o.putNull(field);
        }
    }
}
