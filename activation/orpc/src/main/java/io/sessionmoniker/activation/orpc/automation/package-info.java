/**
 * OLE Automation on the wire: VARIANT and SAFEARRAY, BSTR, DISPPARAMS and EXCEPINFO, the messages of
 * {@code IDispatch}, and {@link io.sessionmoniker.activation.orpc.automation.DynamicDispatch} for an object that
 * answers {@code IDispatch} itself.
 */
package io.sessionmoniker.activation.orpc.automation;
