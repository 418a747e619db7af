/** Method marshalling and class-file method order for the runtime; not API. */
package io.sessionmoniker.activation.orpc.runtime.internal;
