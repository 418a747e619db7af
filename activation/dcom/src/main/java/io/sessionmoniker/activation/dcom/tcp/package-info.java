/** The {@code ncacn_ip_tcp} transport. */
package io.sessionmoniker.activation.dcom.tcp;
