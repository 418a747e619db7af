/**
 * The RunAs policy's security model: {@link io.sessionmoniker.policy.Sid security identifiers},
 * {@link io.sessionmoniker.policy.SecurityDescriptor security descriptors} read from registry blobs and SDDL,
 * {@link io.sessionmoniker.policy.Principal principals} with Windows-like token groups, and explained
 * {@link io.sessionmoniker.policy.AccessCheck COM access checks}.
 *
 * <pre>{@code
 * SecurityDescriptor launch = SecurityDescriptor.fromBytes(launchPermissionValue);
 * Principal caller = Principal.user("alice", Sid.machineAccount(1000)).interactive(true).build();
 * AccessCheckResult r = launch.checkCom(caller, ComRights.launch(false));
 * trace.add(r.toString());   // "granted: ACE #1 (A;;CCDCLCSWRP;;;IU) grants ..."
 * }</pre>
 */
package io.sessionmoniker.policy;
