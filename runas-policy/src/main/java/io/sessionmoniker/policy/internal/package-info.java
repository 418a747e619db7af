/**
 * Implementation of the policy module: the SID, SDDL and binary security-descriptor codecs and their lookup
 * tables. Not exported; use the types in {@link io.sessionmoniker.policy}.
 */
package io.sessionmoniker.policy.internal;
