import org.jinterop.dcom.common.JIException;
import org.jinterop.dcom.common.JISystem;
import org.jinterop.dcom.core.IJIComObject;
import org.jinterop.dcom.core.JIClsid;
import org.jinterop.dcom.core.JIComServer;
import org.jinterop.dcom.core.JISession;
import org.jinterop.dcom.core.JIVariant;
import org.jinterop.dcom.impls.JIObjectFactory;
import org.jinterop.dcom.impls.automation.IJIDispatch;

/**
 * Activates a class through j-Interop (either flavour: the interop tests compile this file against the flavour's
 * own jars) and calls it through IDispatch; prints one JSON line, as a user's client would report.
 *
 * <pre>
 * JInteropClient HOST DOMAIN USER PASSWORD CLSID [sessionSecurity] [ntlmv2] [names=SessionId,UserName,ProcessId]
 * </pre>
 */
public final class JInteropClient {

    public static void main(String[] a) throws Exception {
        String host = a[0];
        String domain = a[1];
        String user = a[2];
        String password = a[3];
        String clsid = a[4];
        boolean sessionSecurity = false;
        boolean ntlmv2 = false;
        String names = "SessionId,UserName,ProcessId";
        for (int i = 5; i < a.length; i++) {
            if (a[i].equals("sessionSecurity")) {
                sessionSecurity = true;
            } else if (a[i].equals("ntlmv2")) {
                ntlmv2 = true;
            } else if (a[i].startsWith("names=")) {
                names = a[i].substring(6);
            }
        }
        StringBuilder out = new StringBuilder("{");
        boolean ok = false;
        JISession session = null;
        try {
            JISystem.setAutoRegisteration(false);
            JISystem.getLogger().setLevel(java.util.logging.Level.OFF);
            session = JISession.createSession(domain, user, password);
            session.useSessionSecurity(sessionSecurity);
            session.useNTLMv2(ntlmv2);
            session.setGlobalSocketTimeout(30000);
            JIComServer server = new JIComServer(JIClsid.valueOf(clsid), host, session);
            IJIComObject unknown = server.createInstance();
            IJIDispatch dispatch = (IJIDispatch) JIObjectFactory.narrowObject(unknown.queryInterface(IJIDispatch.IID));
            for (String name : names.split(",")) {
                if (name.isEmpty()) {
                    continue;
                }
                JIVariant v = dispatch.callMethodA(name);
                out.append('"').append(name).append("\":").append(json(v.getObject())).append(',');
            }
            ok = true;
        } catch (JIException e) {
            out.append("\"error\":").append(json("JIException 0x" + String.format("%08X", e.getErrorCode()) + ": "
                    + e.getMessage())).append(',');
        } catch (Exception e) {
            out.append("\"error\":").append(json(e.getClass().getName() + ": " + e.getMessage())).append(',');
        } finally {
            if (session != null) {
                try {
                    JISession.destroySession(session);
                } catch (Exception e) {
                    out.append("\"destroyError\":").append(json(String.valueOf(e))).append(',');
                }
            }
        }
        out.append("\"ok\":").append(ok).append('}');
        System.out.println(out);
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }

    private static String json(Object o) {
        if (o instanceof Number || o instanceof Boolean) {
            return String.valueOf(o);
        }
        if (o instanceof org.jinterop.dcom.core.JIString s) {
            o = s.getString();
        }
        String text = String.valueOf(o);
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
