/**
 * Implementation of the Windows backend, not exported: JNA declarations of what jna-platform lacks
 * ({@code Kernel32Ext}, {@code Wtsapi32Ext}, {@code Ole32Ext}, {@code User32Ext}, vtable calls in
 * {@code ComVtable}), structures with layouts checked against the Windows SDK ({@code BIND_OPTS3},
 * {@code COSERVERINFO}, {@code MULTI_QI}, {@code WTS_SESSION_INFOW}), the thin layers that call Windows
 * ({@code JnaWtsNatives}, {@code SessionNotificationWindow}, {@code JnaComNatives}), and the pure-Java parts tested
 * on every OS ({@code WtsSessionMapper}, {@code SessionEventTranslator}, {@code SessionEventDispatcher},
 * {@code BindOptionsEncoder}, {@code ComApartment}).
 */
package io.sessionmoniker.activation.windows.internal;
