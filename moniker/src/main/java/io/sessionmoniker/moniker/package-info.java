/**
 * Parsing and canonical formatting of session-moniker display names such as
 * {@code Session:3!clsid:10000013-0000-0000-0000-000000000001}, and the HRESULT-carrying exception family
 * the whole project uses.
 *
 * <pre>{@code
 * Moniker m = Moniker.parse("session:03!CLSID:{10000013-0000-0000-0000-000000000001}");
 * m.displayName();   // "Session:3!clsid:10000013-0000-0000-0000-000000000001:"
 * m.sessionTarget(); // Optional[3]
 * }</pre>
 */
package io.sessionmoniker.moniker;
