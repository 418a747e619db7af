/** Implementation shared by the activation module's packages; not exported, not API. */
package io.sessionmoniker.activation.internal;
