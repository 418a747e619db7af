/** Implementation shared by the backends (asynchronous binding, listener delivery); not API. */
package io.sessionmoniker.activation.internal;
