/**
 * Small programs that show the Java API, each under 40 lines: activate in a user's session, bind to the
 * console session, list the sessions, watch session notifications.
 */
package io.sessionmoniker.samples.launchers;
