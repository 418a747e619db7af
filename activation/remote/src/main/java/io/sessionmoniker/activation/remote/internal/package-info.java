/** The remote backend's service provider; not API. */
package io.sessionmoniker.activation.remote.internal;
