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
}
