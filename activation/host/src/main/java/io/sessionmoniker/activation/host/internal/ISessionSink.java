package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.ComInterface;

/** The client's callback for a daemon's session notifications. */
@ComInterface(iid = "5E55A0A0-0000-4000-8000-000000000011")
public interface ISessionSink {

    /**
     * Delivers one notification.
     *
     * @param event JSON {@code {"sequence":N,"change":CODE,"session":N,"user":NAME|null}}
     */
    void OnSessionChange(String event);
}
