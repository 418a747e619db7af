/** The VARIANT codec; not API. */
package io.sessionmoniker.activation.orpc.automation.internal;
