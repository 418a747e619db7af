package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.server.LaunchContext;
import io.sessionmoniker.activation.server.LocalServer;
import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.moniker.Guid;

/**
 * The session host's side of {@code CoRegisterClassObject}: a server process it launched registers its class
 * objects here, proving with its one-time launch token that it is that process. Used by {@link LocalServer}.
 */
@ComInterface(iid = "5E55A0A0-0000-4000-8000-000000000001")
public interface IScmRegistrar {

    /**
     * Registers a class object.
     *
     * @param token the launch token from {@link LaunchContext}
     * @param clsid the class
     * @param classObject the class object ({@code IClassFactory})
     * @param regcls the {@code REGCLS} flags ({@link LocalServer#REGCLS_MULTIPLEUSE} …)
     * @return a cookie for {@link #RevokeClassObject}
     * @throws io.sessionmoniker.moniker.ComException {@code E_ACCESSDENIED} for a missing, unknown or reused
     *     token, or a class already registered under it
     */
    int RegisterClassObject(String token, Guid clsid, ObjRef classObject, int regcls);

    /**
     * Revokes a registration.
     *
     * @param token the launch token
     * @param cookie the cookie {@link #RegisterClassObject} returned
     */
    void RevokeClassObject(String token, int cookie);

    /**
     * Makes registrations made with {@link LocalServer#REGCLS_SUSPENDED} available ({@code CoResumeClassObjects}).
     *
     * @param token the launch token
     */
    void ResumeClassObjects(String token);

    /**
     * Verifies a network client's NTLM logon for a server, as a domain controller answers NETLOGON pass-through:
     * the server sent the CHALLENGE and received the AUTHENTICATE; the host, which holds the credentials, checks
     * the response and answers with the account and the session base key, from which the server derives its
     * signing and sealing keys itself. The server never holds password material.
     *
     * @param token the launch token
     * @param challenge the CHALLENGE message the server sent, in hexadecimal
     * @param authenticate the client's AUTHENTICATE message, in hexadecimal
     * @return JSON: {@code {"domain", "user", "sessionBaseKey" (hex), "anonymous", "principal": {…}}}
     * @throws io.sessionmoniker.moniker.ComException {@code E_ACCESSDENIED} for an unknown token or a logon that
     *     does not verify
     */
    String NtlmLogon(String token, String challenge, String authenticate);

    /**
     * Tells the host's OXID resolver about the server's network side, so that it can resolve the server's OXID
     * for clients and release the references of ping sets that expire.
     *
     * @param token the launch token
     * @param network the server's {@link IServerNetwork}
     */
    void RegisterNetwork(String token, ObjRef network);
}
